package dev.netctx.tls;

import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import org.jspecify.annotations.Nullable;

/**
 * The record layer under one {@link TlsContext}: unwraps and wraps through its engine and moves the
 * records over its {@link TlsBio}. Between calls it keeps only what is left over (a partial record
 * received, records not yet sent, plaintext not yet read), each in a buffer of its own size; the
 * full-size buffers the engine works in belong to the calling thread ({@link Scratch}), so that an
 * idle context holds no buffer at all, as a Netty channel holds none between reads.
 */
final class RecordIo {

    /** What {@link #unwrap} returns when the transport reached its end: never a value of mbed TLS's. */
    static final int END_OF_STREAM = Integer.MIN_VALUE;

    private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<>();

    /** Records wrapped per {@link #wrap} call at most: up to 64 KiB of plaintext per write. */
    private static final int RECORDS_PER_WRAP = 4;

    private final SSLEngine engine;

    private final TlsBio bio;

    private final long readTimeoutMillis;

    private final int packetSize;

    private final int applicationSize;

    private @Nullable ByteBuffer received;

    private @Nullable ByteBuffer unsent;

    private @Nullable ByteBuffer plaintext;

    RecordIo(SSLEngine engine, TlsBio bio, long readTimeoutMillis, @Nullable ByteBuffer readAhead) {
        this.engine = engine;
        this.bio = bio;
        this.readTimeoutMillis = readTimeoutMillis;
        this.packetSize = engine.getSession().getPacketBufferSize();
        this.applicationSize = engine.getSession().getApplicationBufferSize();
        this.received = (readAhead != null && readAhead.hasRemaining()) ? copy(readAhead) : null;
    }

    /**
     * Unwraps the next record: its plaintext goes to {@code dst} (or is kept for {@link #takePlaintext}
     * when {@code dst} is {@code null} or has less room than a record). Receives from the transport
     * when no whole record is there.
     * @return the plaintext bytes put in {@code dst}; {@code 0} when a record without (or with kept)
     * application data was consumed, or the engine has other work; {@code WANT_READ} or {@code TIMEOUT};
     * {@code PEER_CLOSE_NOTIFY}; {@link #END_OF_STREAM}
     */
    int unwrap(@Nullable ByteBuffer dst) throws SSLException, NetException, TlsException {
        Scratch scratch = scratch((this.received != null) ? this.received.remaining() : 0);
        ByteBuffer in = scratch.load(this.received);
        this.received = null;
        int produced = 0;
        try {
            while (true) {
                if (in.hasRemaining()) {
                    boolean direct = dst != null && dst.remaining() >= this.applicationSize;
                    if (!direct && produced > 0) {
                        return produced;
                    }
                    ByteBuffer out = direct ? dst : scratch.application.clear();
                    SSLEngineResult result = this.engine.unwrap(in, out);
                    switch (result.getStatus()) {
                        case OK:
                            if (result.bytesProduced() > 0 && !direct) {
                                return keep(out.flip(), dst);
                            }
                            produced += result.bytesProduced();
                            if (result.bytesProduced() == 0 || result.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                                return produced;
                            }
                            continue;   // another whole record may follow, and dst has room for it
                        case CLOSED:
                            return (produced > 0) ? produced : TlsError.PEER_CLOSE_NOTIFY.code();
                        case BUFFER_OVERFLOW:
                            throw new TlsException(TlsError.BUFFER_TOO_SMALL, "a record does not fit in "
                                    + out.remaining() + " B of plaintext room");
                        default:
                            break;   // BUFFER_UNDERFLOW: no whole record yet
                    }
                }
                if (produced > 0) {
                    return produced;
                }
                int read = receive(in);
                if (read <= 0) {
                    return (read == 0) ? END_OF_STREAM : read;
                }
            }
        }
        finally {
            this.received = in.hasRemaining() ? copy(in) : null;
        }
    }

    /** Receives more into {@code in} (readable before and after): a byte count, 0 at the end, or a code. */
    private int receive(ByteBuffer in) throws NetException, TlsException {
        in.compact();
        try {
            if (!in.hasRemaining()) {
                throw new TlsException(TlsError.INVALID_RECORD, "a record longer than " + in.capacity() + " B");
            }
            return (this.readTimeoutMillis > 0) ? this.bio.recvTimeout(in, this.readTimeoutMillis) : this.bio.recv(in);
        }
        finally {
            in.flip();
        }
    }

    /** Plaintext of {@code out} into {@code dst} as far as it fits, the rest kept. */
    private int keep(ByteBuffer out, @Nullable ByteBuffer dst) {
        int moved = 0;
        if (dst != null) {
            moved = Math.min(out.remaining(), dst.remaining());
            dst.put(out.slice(out.position(), moved));
            out.position(out.position() + moved);
        }
        this.plaintext = out.hasRemaining() ? concat(this.plaintext, out) : this.plaintext;
        return moved;
    }

    /** Whether plaintext was kept for the next read ({@code mbedtls_ssl_get_bytes_avail} above 0). */
    int plaintextAvailable() {
        return (this.plaintext != null) ? this.plaintext.remaining() : 0;
    }

    /** Moves kept plaintext into {@code dst}: the number of bytes moved. */
    int takePlaintext(ByteBuffer dst) {
        ByteBuffer kept = this.plaintext;
        if (kept == null) {
            return 0;
        }
        int moved = Math.min(kept.remaining(), dst.remaining());
        dst.put(kept.slice(kept.position(), moved));
        kept.position(kept.position() + moved);
        if (!kept.hasRemaining()) {
            this.plaintext = null;
        }
        return moved;
    }

    /**
     * Wraps {@code src} (or, empty, the handshake or alert records the engine wants to send) into
     * records, up to {@value #RECORDS_PER_WRAP}, and sends as much as the transport takes; the rest
     * waits for {@link #flush}. Call only when nothing waits ({@link #flush} returned 0).
     * @return the plaintext bytes consumed from {@code src}
     */
    int wrap(ByteBuffer src) throws SSLException, NetException {
        Scratch scratch = scratch();
        ByteBuffer out = scratch.network.clear();
        int consumed = 0;
        while (out.remaining() >= this.packetSize) {
            SSLEngineResult result = this.engine.wrap(src, out);
            consumed += result.bytesConsumed();
            if (result.getStatus() != SSLEngineResult.Status.OK || result.bytesProduced() == 0
                    || (!src.hasRemaining() && this.engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_WRAP)) {
                break;
            }
        }
        out.flip();
        send(out);
        if (out.hasRemaining()) {
            this.unsent = copy(out);
        }
        return consumed;
    }

    /** Sends the records that wait: {@code 0} once none waits, or {@code WANT_WRITE}'s code. */
    int flush() throws NetException {
        ByteBuffer waiting = this.unsent;
        if (waiting == null) {
            return 0;
        }
        send(waiting);
        if (waiting.hasRemaining()) {
            return NetError.WANT_WRITE.code();
        }
        this.unsent = null;
        return 0;
    }

    /** Bytes of records wrapped and not sent yet. */
    int unsentBytes() {
        return (this.unsent != null) ? this.unsent.remaining() : 0;
    }

    /** Bytes kept between calls (partial record, unsent records, unread plaintext). */
    int heldBytes() {
        return unsentBytes() + plaintextAvailable() + ((this.received != null) ? this.received.remaining() : 0);
    }

    private void send(ByteBuffer out) throws NetException {
        while (out.hasRemaining()) {
            if (this.bio.send(out) == NetError.WANT_WRITE.code()) {
                return;
            }
        }
    }

    /** Drops what is kept. */
    void release() {
        this.received = null;
        this.unsent = null;
        this.plaintext = null;
    }

    private Scratch scratch() {
        return scratch(0);
    }

    /** This thread's buffers, with room for {@code receivedBytes} (a pre-stage's read-ahead may exceed a record). */
    private Scratch scratch(int receivedBytes) {
        Scratch scratch = SCRATCH.get();
        int receivedSize = Math.max(this.packetSize, receivedBytes);
        if (scratch == null || scratch.received.capacity() < receivedSize
                || scratch.application.capacity() < this.applicationSize) {
            scratch = new Scratch(receivedSize, this.packetSize, this.applicationSize);
            SCRATCH.set(scratch);
        }
        return scratch;
    }

    private static ByteBuffer copy(ByteBuffer bytes) {
        return ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
    }

    private static ByteBuffer concat(@Nullable ByteBuffer first, ByteBuffer second) {
        if (first == null || !first.hasRemaining()) {
            return copy(second);
        }
        return ByteBuffer.allocate(first.remaining() + second.remaining()).put(first).put(second).flip();
    }

    /** One thread's working buffers: what it received, what it wraps into, what it unwraps into. */
    private static final class Scratch {

        final ByteBuffer received;

        final ByteBuffer network;

        final ByteBuffer application;

        Scratch(int receivedSize, int packetSize, int applicationSize) {
            this.received = ByteBuffer.allocate(receivedSize);
            this.network = ByteBuffer.allocate(packetSize * RECORDS_PER_WRAP);
            this.application = ByteBuffer.allocate(applicationSize);
        }

        /** The received buffer holding {@code kept}, readable. */
        ByteBuffer load(@Nullable ByteBuffer kept) {
            this.received.clear();
            if (kept != null) {
                this.received.put(kept);
            }
            return this.received.flip();
        }
    }
}
