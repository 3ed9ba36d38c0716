package dev.netctx.tls;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

import dev.netctx.net.NetError;
import dev.netctx.net.NetException;

/**
 * A DTLS 1.2 context over a datagram transport, with mbed TLS's {@code mbedtls_ssl_context} shape
 * for {@code MBEDTLS_SSL_TRANSPORT_DATAGRAM}, on the JDK's {@link SSLEngine} (protocol
 * {@code "DTLS"}). {@link #handshake()}, {@link #read} and {@link #write} return what
 * {@code mbedtls_ssl_handshake}, {@code _read} and {@code _write} return: a count, or the negative
 * code of {@code WANT_READ} (non-blocking transport, nothing there), {@code TIMEOUT} (a handshake
 * that ran out of retransmissions or of time) or {@code PEER_CLOSE_NOTIFY}; fatal failures throw.
 *
 * <p>What mbed TLS leaves to callbacks is built in: the retransmission timer
 * ({@code mbedtls_ssl_set_timer_cb}; RFC 6347 §4.2.4: the first timeout doubling up to the largest,
 * see {@link DtlsSettings}) runs on {@link System#nanoTime()}, and a caller that drives many contexts
 * from one thread asks {@link #timerDeadlineNanos()} when to call {@code handshake()} again. The MTU
 * ({@code mbedtls_ssl_set_mtu}) is the engine's maximum packet size. Several records in one datagram
 * are each unwrapped; a flight the engine packs into one datagram goes as one.
 *
 * <p>One thread at a time, as an mbed TLS context.
 */
public final class DtlsContext {

    private final SSLEngine engine;

    private final DtlsTransport transport;

    private final DtlsSettings settings;

    private final DtlsBuffers buffers;

    private long retransmitMillis;

    private long timerDeadline;

    private long handshakeStarted;

    private long handshakeDeadline;

    private long handshakeNanos = -1;

    private boolean peerClosed;

    private long readTimeoutMillis;

    /**
     * {@code mbedtls_ssl_setup} and {@code mbedtls_ssl_set_bio}: a context for {@code engine} (made by
     * a {@code "DTLS"} {@code SSLContext}, in client or server mode) over {@code transport}.
     */
    public DtlsContext(SSLEngine engine, DtlsTransport transport, DtlsSettings settings, DtlsBuffers buffers) {
        this.engine = engine;
        this.transport = transport;
        this.settings = settings;
        this.buffers = buffers;
        SSLParameters parameters = engine.getSSLParameters();
        if (settings.mtu() > 0) {
            parameters.setMaximumPacketSize(settings.mtu());
        }
        parameters.setEnableRetransmissions(true);
        engine.setSSLParameters(parameters);
        this.retransmitMillis = settings.retransmitMin().toMillis();
    }

    /**
     * {@code mbedtls_ssl_conf_read_timeout}: how long {@link #read} waits on a blocking transport
     * before it returns {@code TIMEOUT}; 0 (the default) waits for ever.
     */
    public void setReadTimeout(long millis) {
        this.readTimeoutMillis = Math.max(0, millis);
    }

    /** The engine, for its session and parameters. */
    public SSLEngine engine() {
        return this.engine;
    }

    /** The negotiated session (or the handshake's, before it is done). */
    public SSLSession session() {
        return this.engine.getSession();
    }

    /** Whether the handshake is complete ({@code mbedtls_ssl_is_handshake_over}). */
    public boolean isHandshakeOver() {
        return this.handshakeNanos >= 0;
    }

    /** How long the handshake took, in milliseconds; -1 until it is over. */
    public long handshakeMillis() {
        return (this.handshakeNanos < 0) ? -1 : TimeUnit.NANOSECONDS.toMillis(this.handshakeNanos);
    }

    /**
     * When the context needs its {@link #handshake()} called even without a datagram (a flight to
     * retransmit, or a handshake to give up), as {@link System#nanoTime()}; {@code 0} for never.
     */
    public long timerDeadlineNanos() {
        if (isHandshakeOver() || this.handshakeStarted == 0) {
            return 0;
        }
        return Math.min(this.timerDeadline, this.handshakeDeadline);
    }

    /**
     * {@code mbedtls_ssl_handshake}: performs the handshake as far as the transport lets it.
     * @return 0 once done; the code of {@code WANT_READ} when a non-blocking transport has nothing
     * (call again with the next datagram, or at {@link #timerDeadlineNanos()}); of {@code TIMEOUT}
     * when the peer did not answer within the retransmission timeouts or the handshake timeout
     * @throws SSLException when the handshake failed (an alert, a certificate refused, ...)
     */
    public int handshake() throws SSLException, NetException {
        if (isHandshakeOver()) {
            return 0;
        }
        long now = System.nanoTime();
        if (this.handshakeStarted == 0) {
            this.handshakeStarted = now;
            this.handshakeDeadline = now + this.settings.handshakeTimeout().toNanos();
            this.engine.beginHandshake();
        }
        while (true) {
            HandshakeStatus status = this.engine.getHandshakeStatus();
            switch (status) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> wrap(DtlsBuffers.EMPTY);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    int got = unwrapNext(true);
                    if (got < 0) {
                        int waiting = expire(got);
                        if (waiting != 0) {
                            return waiting;
                        }
                    }
                }
                default -> {
                    finished();
                    return 0;
                }
            }
            if (isHandshakeOver()) {
                return 0;
            }
        }
    }

    /**
     * {@code mbedtls_ssl_read}: the next application data into {@code buf}, completing the
     * handshake first if needed.
     * @return bytes read (what does not fit stays for the next call); the code of {@code WANT_READ}
     * or {@code TIMEOUT}; of {@code PEER_CLOSE_NOTIFY} once the peer sent its close-notify
     */
    public int read(ByteBuffer buf) throws SSLException, NetException {
        int shaken = handshake();
        if (shaken != 0) {
            return shaken;
        }
        while (true) {
            ByteBuffer plain = ownBuffers().plain;
            if (plain.hasRemaining()) {
                int n = Math.min(plain.remaining(), buf.remaining());
                buf.put(buf.position(), plain, plain.position(), n).position(buf.position() + n);
                plain.position(plain.position() + n);
                return n;
            }
            if (this.peerClosed) {
                return DtlsCodes.PEER_CLOSE_NOTIFY;
            }
            int got = unwrapNext(false);
            if (got < 0) {
                return got;
            }
            flushHandshake();
        }
    }

    /**
     * {@code mbedtls_ssl_write}: sends {@code buf} (position to limit) as application data, in
     * records of at most the MTU, completing the handshake first if needed.
     * @return the bytes written (all of them), or the code of {@code WANT_READ} / {@code TIMEOUT}
     * while the handshake is not done
     */
    public int write(ByteBuffer buf) throws SSLException, NetException {
        int shaken = handshake();
        if (shaken != 0) {
            return shaken;
        }
        int written = 0;
        while (buf.hasRemaining()) {
            written += wrap(buf);
        }
        return written;
    }

    /** {@code mbedtls_ssl_close_notify}: sends a close-notify alert; the context is then closed for writing. */
    public void closeNotify() throws SSLException, NetException {
        this.engine.closeOutbound();
        for (int i = 0; i < 4 && !this.engine.isOutboundDone(); i++) {
            wrap(DtlsBuffers.EMPTY);
        }
    }

    /** Whether the peer sent its close-notify. */
    public boolean isPeerClosed() {
        return this.peerClosed;
    }

    /**
     * Wraps from {@code src} (nothing, in the handshake) into one datagram and sends it.
     * @return the plaintext bytes consumed
     */
    private int wrap(ByteBuffer src) throws SSLException, NetException {
        ByteBuffer out = ownBuffers().out.clear();
        SSLEngineResult result = this.engine.wrap(src, out);
        out.flip();
        if (out.hasRemaining()) {
            this.transport.send(out);
        }
        afterHandshakeStep(result, true);
        if (result.getStatus() == SSLEngineResult.Status.CLOSED && src.hasRemaining()) {
            throw new SSLException("the DTLS context is closed for writing");
        }
        return result.bytesConsumed();
    }

    /**
     * Unwraps the next record, from what is left of the last datagram or else from a new one.
     * @return 0 after a record; a negative code when the transport has nothing (WANT_READ, TIMEOUT)
     */
    private int unwrapNext(boolean handshaking) throws SSLException, NetException {
        DtlsBuffers own = ownBuffers();
        ByteBuffer in = own.in;
        if (!in.hasRemaining()) {
            in.clear();
            int got = this.transport.recv(in, handshaking ? timeLeftMillis() : this.readTimeoutMillis);
            if (got < 0) {
                in.flip().limit(0);
                return got;
            }
            in.flip();
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
        afterHandshakeStep(result, false);
        return 0;
    }

    /** After a record: answers what the engine has to say (a retransmitted flight of the peer, say). */
    private void flushHandshake() throws SSLException, NetException {
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
     * Nothing came: retransmits the last flight if its timer ran out (doubling the timeout), or
     * gives up. Returns 0 to go on, or the code to return.
     */
    private int expire(int got) throws SSLException, NetException {
        long now = System.nanoTime();
        if (now - this.handshakeDeadline >= 0) {
            return NetError.TIMEOUT.code();
        }
        if (this.timerDeadline == 0 || now - this.timerDeadline < 0) {
            return (got == NetError.TIMEOUT.code()) ? 0 : got;
        }
        this.retransmitMillis *= 2;
        if (this.retransmitMillis > this.settings.retransmitMax().toMillis()) {
            return NetError.TIMEOUT.code();
        }
        this.timerDeadline = now + TimeUnit.MILLISECONDS.toNanos(this.retransmitMillis);
        wrap(DtlsBuffers.EMPTY); // in NEED_UNWRAP, the engine sends its last flight again
        return 0;
    }

    /**
     * The retransmission timer as mbed TLS runs it: each flight sent (re)starts it; the peer's next
     * flight arriving resets its timeout to the first one.
     */
    private void afterHandshakeStep(SSLEngineResult result, boolean wrapped) {
        HandshakeStatus status = result.getHandshakeStatus();
        if (status == HandshakeStatus.FINISHED) {
            finished();
        }
        else if (!isHandshakeOver() && this.handshakeStarted != 0) {
            if (wrapped && result.bytesProduced() > 0) {
                this.timerDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.retransmitMillis);
            }
            else if (!wrapped && result.bytesConsumed() > 0
                    && (status == HandshakeStatus.NEED_WRAP || status == HandshakeStatus.NEED_TASK)) {
                this.retransmitMillis = this.settings.retransmitMin().toMillis();
            }
        }
    }

    private void finished() {
        if (this.handshakeNanos < 0) {
            this.handshakeNanos = System.nanoTime() - this.handshakeStarted;
        }
    }

    /** How long to wait for the peer in the handshake: until the timer or the handshake deadline, at least 1 ms. */
    private long timeLeftMillis() {
        long deadline = (this.timerDeadline == 0) ? this.handshakeDeadline : Math.min(this.timerDeadline, this.handshakeDeadline);
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private void runTasks() {
        Runnable task;
        while ((task = this.engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** The buffers, emptied of another context's leftovers if it held them. */
    private DtlsBuffers ownBuffers() {
        DtlsBuffers own = this.buffers;
        if (own.owner != this) {
            own.in.clear().flip();
            own.plain.clear().flip();
            own.owner = this;
        }
        return own;
    }
}
