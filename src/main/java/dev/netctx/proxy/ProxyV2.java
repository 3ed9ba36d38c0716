package dev.netctx.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import org.jspecify.annotations.Nullable;

/**
 * The binary header of version 2 (proxy-protocol.txt §2.2): a 12-byte signature, version and
 * command, family and transport, the length of what follows (addresses, then TLVs), all of it
 * validated. TLVs are walked within the header's bounds: the authority and TLS flag are kept, a
 * CRC32C is checked, the rest is skipped.
 */
final class ProxyV2 {

    /** The signature, {@code \r\n\r\n\0\r\nQUIT\n}. */
    static final byte[] SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A };

    /** The fixed part: signature, version and command, family and transport, length. */
    static final int FIXED_LENGTH = 16;

    /**
     * The most bytes accepted after the fixed part. The largest address block is 216 bytes (two
     * UNIX paths); TLVs that real senders add stay well below the rest: an SNI of up to 255 bytes, a
     * unique id of up to 128, TLS details, cloud ids (AWS 0xEA, GCP 0xE0, Azure 0xEE) of some tens.
     * The spec allows 65,535; holding that for every connection in its header would cost 640 MB at
     * 10,000 connections, 4 KiB costs 40 MB at worst.
     */
    static final int MAX_BODY_LENGTH = 4096;

    private static final int TYPE_AUTHORITY = 0x02;

    private static final int TYPE_CRC32C = 0x03;

    private static final int TYPE_SSL = 0x20;

    private ProxyV2() {
    }

    /** Checks the version and command byte (the 13th) as soon as it arrives. */
    static void checkVersion(byte versionCommand) throws ProxyProtocolException {
        if ((versionCommand & 0xF0) != 0x20) {
            throw new ProxyProtocolException("v2 signature with version " + ((versionCommand & 0xF0) >>> 4) + ", not 2");
        }
        if ((versionCommand & 0x0F) > 1) {
            throw new ProxyProtocolException("unknown v2 command " + (versionCommand & 0x0F) + " (0 LOCAL or 1 PROXY)");
        }
    }

    /** The length of the whole header whose fixed part starts at {@code start}, checked against the bound. */
    static int length(ByteBuffer bytes, int start) throws ProxyProtocolException {
        int body = bytes.getShort(start + 14) & 0xFFFF;
        if (body > MAX_BODY_LENGTH) {
            throw new ProxyProtocolException("v2 header of " + body + " bytes after its fixed part, more than the "
                    + MAX_BODY_LENGTH + " accepted");
        }
        return FIXED_LENGTH + body;
    }

    /**
     * Parses the whole header of {@code length} bytes at {@code start} (its signature and version checked).
     * @param datagram whether the header came at the front of a datagram (a UDP listener) rather than a stream
     */
    static ProxyHeader parse(ByteBuffer bytes, int start, int length, boolean datagram) throws ProxyProtocolException {
        checkVersion(bytes.get(start + 12));
        if ((bytes.get(start + 12) & 0x0F) == 0) {
            // LOCAL: the proxy's own connection; the family and whatever follows are ignored (§2.2)
            return new ProxyHeader(2, null, null, null, false, length);
        }
        int family = (bytes.get(start + 13) & 0xF0) >>> 4;
        int transport = bytes.get(start + 13) & 0x0F;
        if (family > 3 || transport > 2 || (family == 0) != (transport == 0)) {
            throw new ProxyProtocolException(String.format("invalid v2 family and transport 0x%02X", bytes.get(start + 13)));
        }
        int addressLength = switch (family) {
            case 1 -> 12;
            case 2 -> 36;
            case 3 -> 216;
            default -> 0;
        };
        if (length - FIXED_LENGTH < addressLength) {
            throw new ProxyProtocolException("v2 header of " + (length - FIXED_LENGTH) + " bytes for addresses of "
                    + addressLength);
        }
        if (transport != 0 && (transport == 2) != datagram) {
            throw new ProxyProtocolException("v2 header announces a " + ((transport == 2) ? "datagram" : "stream")
                    + " connection on a " + (datagram ? "UDP" : "TCP") + " listener");
        }
        Tlvs tlvs = tlvs(bytes, start, start + FIXED_LENGTH + addressLength, start + length);
        if (family == 0 || family == 3) {
            return new ProxyHeader(2, null, null, tlvs.authority, tlvs.tls, length);
        }
        int size = (family == 1) ? 4 : 16;
        int at = start + FIXED_LENGTH;
        InetAddress source = address(bytes, at, size);
        InetAddress destination = address(bytes, at + size, size);
        int sourcePort = bytes.getShort(at + 2 * size) & 0xFFFF;
        int destinationPort = bytes.getShort(at + 2 * size + 2) & 0xFFFF;
        return new ProxyHeader(2, new InetSocketAddress(source, sourcePort),
                new InetSocketAddress(destination, destinationPort), tlvs.authority, tlvs.tls, length);
    }

    private static InetAddress address(ByteBuffer bytes, int at, int size) {
        byte[] raw = new byte[size];
        bytes.get(at, raw);
        try {
            return InetAddress.getByAddress(raw);
        }
        catch (UnknownHostException ex) {
            throw new IllegalStateException(ex);   // 4 or 16 bytes are always an address
        }
    }

    /** Walks the TLVs from {@code from} to {@code end}; each must fit in the header. */
    private static Tlvs tlvs(ByteBuffer bytes, int start, int from, int end) throws ProxyProtocolException {
        String authority = null;
        boolean tls = false;
        int at = from;
        while (at < end) {
            if (end - at < 3) {
                throw new ProxyProtocolException("v2 TLV cut short: " + (end - at) + " bytes left for a 3-byte TLV header");
            }
            int type = bytes.get(at) & 0xFF;
            int length = bytes.getShort(at + 1) & 0xFFFF;
            int value = at + 3;
            if (length > end - value) {
                throw new ProxyProtocolException(String.format("v2 TLV 0x%02X of %d bytes overruns the header by %d",
                        type, length, length - (end - value)));
            }
            switch (type) {
                case TYPE_AUTHORITY -> authority = text(bytes, value, length);
                case TYPE_SSL -> tls = length >= 1 && (bytes.get(value) & 0x01) != 0;
                case TYPE_CRC32C -> checkCrc(bytes, start, end, value, length);
                default -> {
                    // skipped: ALPN, NOOP, UNIQUE_ID, NETNS, vendors' types
                }
            }
            at = value + length;
        }
        return new Tlvs(authority, tls);
    }

    private static String text(ByteBuffer bytes, int at, int length) {
        byte[] raw = new byte[length];
        bytes.get(at, raw);
        return new String(raw, StandardCharsets.UTF_8);
    }

    /** The CRC32C of the whole header with the checksum's own 4 bytes as zeroes must be the checksum (§2.2.3). */
    private static void checkCrc(ByteBuffer bytes, int start, int end, int value, int length) throws ProxyProtocolException {
        if (length != 4) {
            throw new ProxyProtocolException("v2 CRC32C TLV of " + length + " bytes, not 4");
        }
        byte[] header = new byte[end - start];
        bytes.get(start, header);
        long expected = bytes.getInt(value) & 0xFFFF_FFFFL;
        for (int i = 0; i < 4; i++) {
            header[value - start + i] = 0;
        }
        CRC32C crc = new CRC32C();
        crc.update(header);
        if (crc.getValue() != expected) {
            throw new ProxyProtocolException(String.format("v2 CRC32C 0x%08X does not match the header's 0x%08X", expected,
                    crc.getValue()));
        }
    }

    private record Tlvs(@Nullable String authority, boolean tls) {
    }
}
