package dev.netctx.proxy;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** PROXY protocol headers written by hand, byte by byte from the specification, for tests. */
public final class ProxyHeaders {

    /** The v2 signature. */
    public static final byte[] SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A };

    private ProxyHeaders() {
    }

    /** A v1 line, {@code PROXY TCP4|TCP6 source destination sport dport\r\n}. */
    public static byte[] v1(InetSocketAddress source, InetSocketAddress destination) {
        String family = (source.getAddress().getAddress().length == 4) ? "TCP4" : "TCP6";
        return ascii("PROXY " + family + " " + source.getAddress().getHostAddress() + " "
                + destination.getAddress().getHostAddress() + " " + source.getPort() + " " + destination.getPort() + "\r\n");
    }

    /** A v2 PROXY header for TCP ({@code stream}) or UDP, IPv4 or IPv6 by the addresses (of one family), with the TLVs given. */
    public static byte[] v2(InetSocketAddress source, InetSocketAddress destination, boolean stream, byte[]... tlvs) {
        byte[] from = source.getAddress().getAddress();
        byte[] to = destination.getAddress().getAddress();
        if (from.length != to.length) {
            throw new IllegalArgumentException("addresses of two families");
        }
        int family = (from.length == 4) ? 0x10 : 0x20;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(from);
        body.writeBytes(to);
        body.writeBytes(new byte[] { (byte) (source.getPort() >> 8), (byte) source.getPort(),
                (byte) (destination.getPort() >> 8), (byte) destination.getPort() });
        for (byte[] tlv : tlvs) {
            body.writeBytes(tlv);
        }
        return v2(0x21, family | (stream ? 0x01 : 0x02), body.toByteArray());
    }

    /** A v2 LOCAL header (a proxy's health check), without addresses. */
    public static byte[] v2Local() {
        return v2(0x20, 0x00, new byte[0]);
    }

    /** A v2 header of any version and command, family and transport, and body. */
    public static byte[] v2(int versionCommand, int familyTransport, byte[] body) {
        ByteBuffer header = ByteBuffer.allocate(16 + body.length);
        header.put(SIGNATURE).put((byte) versionCommand).put((byte) familyTransport).putShort((short) body.length).put(body);
        return header.array();
    }

    /** A TLV. */
    public static byte[] tlv(int type, byte[] value) {
        return ByteBuffer.allocate(3 + value.length).put((byte) type).putShort((short) value.length).put(value).array();
    }

    /** {@code header} (with a CRC32C TLV of zeroes as its last TLV) with the checksum filled in. */
    public static byte[] withCrc(byte[] header) {
        CRC32C crc = new CRC32C();
        crc.update(header);
        ByteBuffer.wrap(header).putInt(header.length - 4, (int) crc.getValue());
        return header;
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code header} followed by {@code payload}, as one segment. */
    public static byte[] concat(byte[] header, byte[] payload) {
        return ByteBuffer.allocate(header.length + payload.length).put(header).put(payload).array();
    }
}
