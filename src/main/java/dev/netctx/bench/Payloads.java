package dev.netctx.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Sequence-stamped random messages. Each message of a stream is a 12-byte header (stream id as an
 * int, sequence number as a long, big-endian) followed by bytes of a fixed random pool taken at an
 * offset that depends on the stream and the sequence number, so that a receiver can rebuild, and so
 * verify, every byte of any message without keeping what it sent.
 */
final class Payloads {

    /** Bytes of the header: the stream (connection or peer) id and the sequence number. */
    static final int HEADER = Integer.BYTES + Long.BYTES;

    private static final int POOL_SIZE = 1 << 20;

    private final byte[] pool;

    private final int size;

    /**
     * @param size bytes of every message, at least {@link #HEADER}
     * @param seed seed of the random pool
     */
    Payloads(int size, long seed) {
        if (size < HEADER) {
            throw new IllegalArgumentException("--size must be at least " + HEADER + " bytes");
        }
        this.size = size;
        this.pool = new byte[POOL_SIZE + size];
        new SplittableRandom(seed).nextBytes(this.pool);
    }

    int size() {
        return this.size;
    }

    /** Writes message ({@code stream}, {@code seq}) into {@code out} (which must have room for it). */
    void write(int stream, long seq, ByteBuffer out) {
        out.putInt(stream).putLong(seq).put(this.pool, offset(stream, seq), this.size - HEADER);
    }

    /** Writes message ({@code stream}, {@code seq}) into {@code out} from index 0. */
    void write(int stream, long seq, byte[] out) {
        write(stream, seq, ByteBuffer.wrap(out));
    }

    /**
     * Whether {@code buf[from, from + size)} is exactly message ({@code stream}, {@code seq}).
     * A receiver that knows only the header reads the stream and sequence number from the message.
     */
    boolean matches(int stream, long seq, byte[] buf, int from) {
        ByteBuffer header = ByteBuffer.wrap(buf, from, HEADER);
        if (header.getInt() != stream || header.getLong() != seq) {
            return false;
        }
        int offset = offset(stream, seq);
        return Arrays.mismatch(buf, from + HEADER, from + this.size, this.pool, offset,
                offset + this.size - HEADER) < 0;
    }

    private static int offset(int stream, long seq) {
        long z = seq * 0x9E3779B97F4A7C15L + stream;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        return (int) ((z ^ (z >>> 33)) & (POOL_SIZE - 1));
    }
}
