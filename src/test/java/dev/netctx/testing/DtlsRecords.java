package dev.netctx.testing;

import java.nio.ByteBuffer;
import java.util.StringJoiner;
import java.util.function.Predicate;

/**
 * The DTLS records of a datagram as a test sees them on the wire: content type, epoch, sequence
 * number and, for a plaintext handshake record, its message type, sequence and fragment.
 */
public final class DtlsRecords {

    /** The handshake type of a NewSessionTicket (RFC 5077). */
    public static final int NEW_SESSION_TICKET = 4;

    private static final int RECORD_HEADER = 13;

    private static final int HANDSHAKE_HEADER = 12;

    private DtlsRecords() {
    }

    /** Whether a datagram carries a plaintext (epoch 0) fragment of a handshake message of {@code type}. */
    public static Predicate<byte[]> carrying(int type) {
        return datagram -> {
            ByteBuffer buf = ByteBuffer.wrap(datagram);
            for (int at = 0; at + RECORD_HEADER <= buf.limit(); at += RECORD_HEADER + u16(buf, at + 11)) {
                if (isPlainHandshake(buf, at) && u8(buf, at + RECORD_HEADER) == type) {
                    return true;
                }
            }
            return false;
        };
    }

    /** One line for the records of {@code datagram}, such as {@code hs e0 s5 len45 ClientKeyExchange m3 off0 flen33 | CCS e0 s6 len1}. */
    public static String describe(byte[] datagram) {
        ByteBuffer buf = ByteBuffer.wrap(datagram);
        StringJoiner records = new StringJoiner(" | ");
        for (int at = 0; at + RECORD_HEADER <= buf.limit(); at += RECORD_HEADER + u16(buf, at + 11)) {
            long sequence = ((long) u16(buf, at + 5) << 32) | (buf.getInt(at + 7) & 0xFFFFFFFFL);
            StringBuilder record = new StringBuilder(contentType(u8(buf, at))).append(" e").append(u16(buf, at + 3))
                .append(" s").append(sequence).append(" len").append(u16(buf, at + 11));
            if (isPlainHandshake(buf, at)) {
                int message = at + RECORD_HEADER;
                record.append(' ').append(handshakeType(u8(buf, message))).append(" m").append(u16(buf, message + 4))
                    .append(" off").append(u24(buf, message + 6)).append(" flen").append(u24(buf, message + 9));
            }
            records.add(record);
        }
        return records.toString();
    }

    private static boolean isPlainHandshake(ByteBuffer buf, int at) {
        return u8(buf, at) == 22 && u16(buf, at + 3) == 0 && u16(buf, at + 11) >= HANDSHAKE_HEADER
                && at + RECORD_HEADER + HANDSHAKE_HEADER <= buf.limit();
    }

    private static String contentType(int type) {
        return switch (type) {
            case 20 -> "CCS";
            case 21 -> "alert";
            case 22 -> "hs";
            case 23 -> "app";
            default -> "type" + type;
        };
    }

    private static String handshakeType(int type) {
        return switch (type) {
            case 1 -> "ClientHello";
            case 2 -> "ServerHello";
            case 3 -> "HelloVerifyRequest";
            case NEW_SESSION_TICKET -> "NewSessionTicket";
            case 11 -> "Certificate";
            case 12 -> "ServerKeyExchange";
            case 13 -> "CertificateRequest";
            case 14 -> "ServerHelloDone";
            case 15 -> "CertificateVerify";
            case 16 -> "ClientKeyExchange";
            default -> "handshake" + type;
        };
    }

    private static int u8(ByteBuffer buf, int at) {
        return buf.get(at) & 0xFF;
    }

    private static int u16(ByteBuffer buf, int at) {
        return (u8(buf, at) << 8) | u8(buf, at + 1);
    }

    private static int u24(ByteBuffer buf, int at) {
        return (u8(buf, at) << 16) | u16(buf, at + 1);
    }
}
