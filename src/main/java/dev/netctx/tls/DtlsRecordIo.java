package dev.netctx.tls;

import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import dev.netctx.net.NetException;
import org.jspecify.annotations.Nullable;

/**
 * The record layer of one {@link DtlsContext} engine: unwraps the records of each datagram the
 * transport gives, one at a time; wraps records and packs them into datagrams
 * ({@link DtlsDatagramWriter}); and runs the handshake's retransmission timer ({@link DtlsTimer}) and
 * its last flight ({@link DtlsLastFlight}) on what goes through. Lives as long as its engine: a
 * {@code sessionReset} starts a new one.
 */
final class DtlsRecordIo {

    private final SSLEngine engine;

    private final TlsBio bio;

    private final DtlsBuffers buffers;

    private final long readTimeoutMillis;

    private final DtlsTimer timer;

    private final DtlsDatagramWriter writer = new DtlsDatagramWriter();

    /** A ClientHello the engine is to see before the transport's datagrams ({@link DtlsContext#startFromVerifiedHello}). */
    private @Nullable ByteBuffer injected;

    private boolean finished;

    private boolean peerClosed;

    /**
     * @param injected a ClientHello for the engine before the transport's datagrams; its answer is not sent
     */
    DtlsRecordIo(SSLEngine engine, TlsBio bio, DtlsBuffers buffers, DtlsSettings settings, long readTimeoutMillis,
            @Nullable ByteBuffer injected) {
        this.engine = engine;
        this.bio = bio;
        this.buffers = buffers;
        this.readTimeoutMillis = readTimeoutMillis;
        this.timer = new DtlsTimer(settings);
        this.injected = injected;
        this.writer.packetSize(engine.getSSLParameters().getMaximumPacketSize());
        if (injected != null) {
            this.writer.swallow(1); // the engine's HelloVerifyRequest to the copy
        }
        this.timer.start(System.nanoTime());
    }

    SSLEngine engine() {
        return this.engine;
    }

    /** Whether the engine said its handshake is finished. */
    boolean isFinished() {
        return this.finished;
    }

    /** The engine's handshake is over (it needs nothing more). */
    void finish() {
        this.finished = true;
    }

    boolean isPeerClosed() {
        return this.peerClosed;
    }

    /** When the handshake started, as {@link System#nanoTime()}. */
    long startedNanos() {
        return this.timer.startedNanos();
    }

    /** When the handshake must be driven without a datagram (retransmit or give up); 0 when none waits. */
    long deadlineNanos() {
        return (this.finished || !this.timer.isRunning()) ? 0 : this.timer.deadlineNanos();
    }

    /**
     * Wraps a record from {@code src} (nothing, in the handshake) and packs it into the datagram to
     * send, which goes once the engine has no more to wrap or the next record does not fit.
     * @return the plaintext bytes consumed
     */
    int wrap(ByteBuffer src) throws SSLException, NetException {
        DtlsBuffers own = this.buffers.claim(this);
        ByteBuffer out = own.out.clear();
        SSLEngineResult result;
        try {
            result = this.engine.wrap(src, out);
        }
        catch (SSLException ex) {
            own.packet.clear();
            throw ex;
        }
        out.flip();
        boolean handshaking = !this.finished;
        if (out.hasRemaining()) {
            this.writer.add(out, own, this.bio, handshaking);
        }
        if (result.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
            this.writer.flush(own, this.bio, handshaking);
        }
        afterStep(result, true);
        if (result.getStatus() == SSLEngineResult.Status.CLOSED && src.hasRemaining()) {
            throw new SSLException("the DTLS session is closed for writing");
        }
        return result.bytesConsumed();
    }

    /**
     * Unwraps the next record, from what is left of the last datagram or else from a new one.
     * @return 0 after a record; a negative code when the transport has nothing (WANT_READ, TIMEOUT)
     */
    int unwrapNext(boolean handshaking) throws SSLException, NetException {
        DtlsBuffers own = this.buffers.claim(this);
        ByteBuffer in = own.in;
        if (!in.hasRemaining() && this.injected != null) {
            in.clear();
            in.put(this.injected).flip();
            this.injected = null;
        }
        // NEED_UNWRAP_AGAIN: the engine holds records of a flight it got earlier; it takes them from an empty source
        if (!in.hasRemaining() && this.engine.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP_AGAIN) {
            in.clear();
            long timeout = handshaking ? this.timer.waitMillis(System.nanoTime()) : this.readTimeoutMillis;
            int got = (timeout > 0) ? this.bio.recvTimeout(in, timeout) : this.bio.recv(in);
            in.flip();
            if (got < 0) {
                return got;
            }
            if (!handshaking) {
                this.writer.lastFlight().received(in, this.bio);
            }
        }
        ByteBuffer plain = own.plain.clear();
        SSLEngineResult result;
        try {
            result = this.engine.unwrap(in, plain);
        }
        finally {
            plain.flip();
        }
        switch (result.getStatus()) {
            case BUFFER_UNDERFLOW -> in.position(in.limit()); // a truncated record: the rest of the datagram is lost
            case CLOSED -> this.peerClosed = true;
            default -> {
                if (result.bytesConsumed() == 0 && result.getHandshakeStatus() != HandshakeStatus.NEED_WRAP
                        && result.getHandshakeStatus() != HandshakeStatus.NEED_TASK) {
                    in.position(in.limit());
                }
            }
        }
        afterStep(result, false);
        return 0;
    }

    /** Whether plaintext of the last record is left to take. */
    boolean hasPlaintext() {
        return this.buffers.claim(this).plain.hasRemaining();
    }

    /** Moves as much of the last record's plaintext as fits into {@code dst}; the count. */
    int takePlaintext(ByteBuffer dst) {
        return this.buffers.claim(this).takePlaintext(dst);
    }

    /** Answers what the engine has to say after a record (a retransmitted flight of the peer's, say). */
    void answerPeer() throws SSLException, NetException {
        while (true) {
            HandshakeStatus status = this.engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            else if (status == HandshakeStatus.NEED_WRAP) {
                wrap(DtlsBuffers.EMPTY);
            }
            else {
                return;
            }
        }
    }

    /**
     * Nothing came ({@code got}, the transport's code): retransmits the last flight if its timer ran
     * out, or gives up. Returns 0 to go on, or the code to return.
     */
    int expire(int got) throws SSLException, NetException {
        return switch (this.timer.silence(System.nanoTime())) {
            case GIVE_UP -> TlsError.TIMEOUT.code();
            case WAIT -> (got == TlsError.TIMEOUT.code()) ? 0 : got;
            case RETRANSMIT -> {
                wrap(DtlsBuffers.EMPTY); // in NEED_UNWRAP, the engine sends its last flight again
                yield 0;
            }
        };
    }

    void runTasks() {
        Runnable task;
        while ((task = this.engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Runs the retransmission timer: each flight sent (re)starts it, the peer's next flight resets its timeout. */
    private void afterStep(SSLEngineResult result, boolean wrapped) {
        HandshakeStatus status = result.getHandshakeStatus();
        if (status == HandshakeStatus.FINISHED) {
            this.finished = true;
        }
        else if (!this.finished) {
            if (wrapped && result.bytesProduced() > 0) {
                this.timer.flightSent(System.nanoTime());
            }
            else if (!wrapped && result.bytesConsumed() > 0) {
                this.writer.lastFlight().peerSpoke();
                if (status == HandshakeStatus.NEED_WRAP || status == HandshakeStatus.NEED_TASK) {
                    this.timer.peerFlightArrived();
                }
            }
        }
    }
}
