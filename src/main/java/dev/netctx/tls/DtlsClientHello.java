package dev.netctx.tls;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * A DTLS 1.0/1.2 ClientHello as it stands, unencrypted, in the first record of a datagram (RFC 6347
 * §4.1, §4.2.1): what a server needs to answer it with a HelloVerifyRequest, or to check the cookie
 * it carries, before it keeps any state for the peer. Only an unfragmented ClientHello at epoch 0 is
 * recognised, as mbed TLS's {@code ssl_check_dtls_clihlo_cookie} requires; anything else is
 * {@code null}. The fields are offsets into the datagram, which is not copied.
 *
 * @param datagram the datagram, from its position: read, never changed
 * @param recordSequence the record's 48-bit sequence number (the HelloVerifyRequest repeats it)
 * @param messageSequence the handshake message's sequence number (repeated too)
 * @param cookieOffset where the cookie's bytes start, absolute in {@code datagram}
 * @param cookieLength the cookie's length (0 in a first ClientHello)
 * @param bodyOffset where the ClientHello body starts (client_version), absolute in {@code datagram}
 * @param suitesOffset where the cipher suites' length starts, absolute in {@code datagram}
 * @param bodyEnd the end of the cipher suites and compression methods (extensions are not covered)
 */
public record DtlsClientHello(ByteBuffer datagram, long recordSequence, int messageSequence, int cookieOffset,
        int cookieLength, int bodyOffset, int suitesOffset, int bodyEnd) {

    /** A record header: type, version, epoch, 48-bit sequence number, length. */
    static final int RECORD_HEADER = 13;

    /** A handshake header: type, length, message_seq, fragment_offset, fragment_length. */
    static final int HANDSHAKE_HEADER = 12;

    static final int CONTENT_HANDSHAKE = 22;

    static final int CLIENT_HELLO = 1;

    /** Offset of client_random in the body: after client_version. */
    static final int RANDOM_OFFSET = 2;

    static final int RANDOM_LENGTH = 32;

    /**
     * The ClientHello in the first record of {@code datagram} (position to limit), or {@code null}
     * when the datagram does not start with a well-formed, unfragmented DTLS ClientHello at epoch 0.
     */
    public static @Nullable DtlsClientHello parse(ByteBuffer datagram) {
        int start = datagram.position();
        int end = datagram.limit();
        if (end - start < RECORD_HEADER + HANDSHAKE_HEADER || u8(datagram, start) != CONTENT_HANDSHAKE
                || u8(datagram, start + 1) != 254 || u16(datagram, start + 3) != 0) {
            return null;
        }
        int recordEnd = start + RECORD_HEADER + u16(datagram, start + 11);
        int handshake = start + RECORD_HEADER;
        if (recordEnd > end || u8(datagram, handshake) != CLIENT_HELLO) {
            return null;
        }
        int length = u24(datagram, handshake + 1);
        int body = handshake + HANDSHAKE_HEADER;
        if (u24(datagram, handshake + 6) != 0 || u24(datagram, handshake + 9) != length || body + length > recordEnd) {
            return null;
        }
        int bodyLimit = body + length;
        int sessionId = body + RANDOM_OFFSET + RANDOM_LENGTH;
        if (sessionId >= bodyLimit || u8(datagram, sessionId) > 32) {
            return null;
        }
        int cookie = sessionId + 1 + u8(datagram, sessionId);
        if (cookie >= bodyLimit) {
            return null;
        }
        int suites = cookie + 1 + u8(datagram, cookie);
        if (suites + 2 > bodyLimit) {
            return null;
        }
        int suitesLength = u16(datagram, suites);
        int compression = suites + 2 + suitesLength;
        if (suitesLength < 2 || (suitesLength & 1) != 0 || compression >= bodyLimit) {
            return null;
        }
        int compressionLength = u8(datagram, compression);
        int fieldsEnd = compression + 1 + compressionLength;
        if (compressionLength < 1 || fieldsEnd > bodyLimit) {
            return null;
        }
        long sequence = ((long) u16(datagram, start + 5) << 32) | (u16(datagram, start + 7) & 0xFFFFL) << 16
                | u16(datagram, start + 9);
        return new DtlsClientHello(datagram, sequence, u16(datagram, handshake + 4), cookie + 1, u8(datagram, cookie), body,
                suites, fieldsEnd);
    }

    /** Whether {@code datagram} (position to limit) starts with a record of epoch 0 carrying a ClientHello. */
    public static boolean startsWithClientHello(ByteBuffer datagram) {
        return parse(datagram) != null;
    }

    /**
     * This ClientHello's record as the client's first ClientHello would be: message sequence 0, no
     * cookie (and lengths to match), record sequence {@code recordSequence}.
     */
    ByteBuffer firstHelloCopy(long recordSequence) {
        int start = this.datagram.position();
        int recordEnd = start + RECORD_HEADER + u16(this.datagram, start + 11);
        int lengthBefore = this.cookieOffset - 1 - start;
        ByteBuffer copy = ByteBuffer.allocate(recordEnd - start - this.cookieLength);
        copy.put(0, this.datagram, start, lengthBefore);
        copy.put(lengthBefore, (byte) 0);
        int after = this.cookieOffset + this.cookieLength;
        copy.put(lengthBefore + 1, this.datagram, after, recordEnd - after);
        copy.putShort(5, (short) (recordSequence >>> 32)).putInt(7, (int) recordSequence);
        copy.putShort(11, (short) (copy.capacity() - RECORD_HEADER));
        int length = copy.capacity() - RECORD_HEADER - HANDSHAKE_HEADER;
        putUint24(copy, RECORD_HEADER + 1, length);
        copy.putShort(RECORD_HEADER + 4, (short) 0);
        putUint24(copy, RECORD_HEADER + 9, length);
        return copy;
    }

    private static void putUint24(ByteBuffer buf, int at, int value) {
        buf.put(at, (byte) (value >>> 16)).putShort(at + 1, (short) value);
    }

    /** The client_random's first byte, absolute in {@link #datagram()}. */
    int randomOffset() {
        return this.bodyOffset + RANDOM_OFFSET;
    }

    /** Whether this ClientHello's client_random is {@code random}. */
    public boolean hasRandom(byte[] random) {
        if (random.length != RANDOM_LENGTH) {
            return false;
        }
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            if (this.datagram.get(randomOffset() + i) != random[i]) {
                return false;
            }
        }
        return true;
    }

    /** A copy of the client_random (32 bytes). */
    public byte[] random() {
        byte[] random = new byte[RANDOM_LENGTH];
        this.datagram.get(randomOffset(), random);
        return random;
    }

    static int u8(ByteBuffer buf, int at) {
        return buf.get(at) & 0xFF;
    }

    static int u16(ByteBuffer buf, int at) {
        return (u8(buf, at) << 8) | u8(buf, at + 1);
    }

    static int u24(ByteBuffer buf, int at) {
        return (u8(buf, at) << 16) | u16(buf, at + 1);
    }
}
