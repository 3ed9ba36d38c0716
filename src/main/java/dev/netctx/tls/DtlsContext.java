package dev.netctx.tls;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import dev.netctx.net.NetException;
import org.jspecify.annotations.Nullable;

/**
 * A DTLS 1.2 session over a datagram transport: mbed TLS's {@code mbedtls_ssl_context} with
 * {@code MBEDTLS_SSL_TRANSPORT_DATAGRAM}, on the JDK's {@link SSLEngine} (a {@link TlsConfig} of a
 * {@code "DTLS"} {@code SSLContext}). {@code new DtlsContext(config, ...)} is
 * {@code mbedtls_ssl_setup}, {@link #setBio} {@code mbedtls_ssl_set_bio} (each {@code send} is one
 * datagram, each {@code recv} receives one), {@link #setHostname} {@code mbedtls_ssl_set_hostname},
 * {@link #sessionReset()} {@code mbedtls_ssl_session_reset}. {@link #handshake()}, {@link #read} and
 * {@link #write} return what {@code mbedtls_ssl_handshake}, {@code _read} and {@code _write} return:
 * a count, or {@link TlsError#WANT_READ} (a non-blocking transport had nothing), {@link TlsError#TIMEOUT}
 * (the handshake ran out of retransmissions or of time, or a read of its read timeout) and
 * {@link TlsError#PEER_CLOSE_NOTIFY} as values; failures throw {@link TlsException}.
 *
 * <p>What mbed TLS leaves to callbacks is built in. The retransmission timer
 * ({@code mbedtls_ssl_set_timer_cb} with {@code mbedtls_ssl_conf_handshake_timeout}; RFC 6347
 * §4.2.4) runs on {@link System#nanoTime()}: a flight is sent again when the peer's answer does not
 * come within the timeout, which doubles each time up to {@link DtlsSettings#retransmitMax()}; a
 * caller that drives many contexts from one thread asks {@link #timerDeadlineNanos()} when to call
 * {@code handshake()} again without a datagram. The MTU ({@code mbedtls_ssl_set_mtu}) is the
 * engine's maximum packet size. Several records in one datagram are each unwrapped, and the records
 * of a flight are packed into as few datagrams as the MTU allows ({@link DtlsDatagramWriter}).
 *
 * <p>A server that keeps no state before the cookie puts a {@link DtlsHelloVerifier} in front
 * ({@code mbedtls_ssl_conf_dtls_cookies}), see {@link #startFromVerifiedHello}. One thread at a time.
 */
public final class DtlsContext {

    private final TlsConfig config;

    private final DtlsSettings settings;

    private final DtlsBuffers buffers;

    private @Nullable TlsBio bio;

    private @Nullable String hostname;

    private int port = -1;

    private @Nullable SSLEngine engine;

    private final DtlsTimer timer;

    private final DtlsDatagramWriter writer = new DtlsDatagramWriter();

    private @Nullable TlsSessionInfo session;

    private boolean peerClosed;

    /** A ClientHello the engine is to see before the transport's datagrams ({@link #startFromVerifiedHello}). */
    private @Nullable ByteBuffer injected;

    /**
     * {@code mbedtls_ssl_setup}: a context of {@code config} (whose {@code SSLContext} is a
     * {@code "DTLS"} one) paced by {@code settings}, working in {@code buffers}.
     */
    public DtlsContext(TlsConfig config, DtlsSettings settings, DtlsBuffers buffers) {
        this.config = config;
        this.settings = settings;
        this.buffers = buffers;
        this.timer = new DtlsTimer(settings);
    }

    /** {@code mbedtls_ssl_set_bio}: the datagram transport. */
    public void setBio(TlsBio bio) {
        this.bio = bio;
    }

    /**
     * {@code mbedtls_ssl_set_hostname} (client: the SNI name, checked against the server's
     * certificate), with the peer's port (a hint for the JDK's session cache). Call before the handshake.
     */
    public void setHostname(@Nullable String hostname, int port) {
        this.hostname = hostname;
        this.port = port;
    }

    /**
     * {@code mbedtls_ssl_session_reset}: forgets the session and its handshake, so that the next
     * {@link #handshake()} starts a new one over the same transport (a server whose client restarted
     * on the same address and port).
     */
    public void sessionReset() {
        this.engine = null;
        this.session = null;
        this.peerClosed = false;
        this.injected = null;
        this.writer.reset();
        this.timer.reset();
        this.buffers.release(this);
    }

    /**
     * Server, beyond mbed TLS: the next handshake starts from a ClientHello that a
     * {@link DtlsHelloVerifier} verified (the client's second one, message 1 with this server's
     * cookie). The JDK's engine numbers its handshake messages from 0 and asks for a cookie of its own,
     * while this client, one HelloVerifyRequest further, expects message 1 next. So the engine first
     * sees a copy of that ClientHello as the client's first (message 0 without a cookie, one record earlier), and its
     * HelloVerifyRequest to it is not sent; then the real one, whose HelloVerifyRequest, message 1,
     * goes to the client. Call before {@link #handshake()}, which then reads {@code hello}'s datagram
     * from the transport as usual.
     */
    public void startFromVerifiedHello(DtlsClientHello hello) {
        if (hello.recordSequence() == 0) {
            return; // no earlier record to number the copy with: the engine sees the real one only
        }
        this.injected = hello.firstHelloCopy(hello.recordSequence() - 1);
        this.writer.swallow(1); // the engine's HelloVerifyRequest to the copy
    }

    /** What the finished handshake agreed ({@code protocol} {@code DTLSv1.2}, ...); {@code null} until it is over. */
    public @Nullable TlsSessionInfo session() {
        return this.session;
    }

    /** Whether the handshake is over ({@code mbedtls_ssl_is_handshake_over}). */
    public boolean isHandshakeOver() {
        return this.session != null;
    }

    /** Whether the peer sent its close-notify. */
    public boolean isPeerClosed() {
        return this.peerClosed;
    }

    /**
     * When {@link #handshake()} must be called even without a datagram (to retransmit a flight, or
     * to give up), as {@link System#nanoTime()}; {@code 0} when no handshake is waiting.
     */
    public long timerDeadlineNanos() {
        return (isHandshakeOver() || !this.timer.isRunning()) ? 0 : this.timer.deadlineNanos();
    }

    /**
     * {@code mbedtls_ssl_handshake}: performs the handshake as far as the transport lets it.
     * @return 0 once done; {@link TlsError#WANT_READ}'s code when a non-blocking transport has
     * nothing (call again with the next datagram, or at {@link #timerDeadlineNanos()});
     * {@link TlsError#TIMEOUT}'s when the peer did not answer within the retransmissions or the
     * handshake timeout
     * @throws TlsException when the handshake failed ({@code FATAL_ALERT_MESSAGE},
     * {@code X509_CERT_VERIFY_FAILED}, {@code NO_CLIENT_CERTIFICATE}, ...)
     * @throws NetException when the transport fails
     */
    public int handshake() throws TlsException, NetException {
        if (this.session != null) {
            return 0;
        }
        SSLEngine current = begin();
        try {
            while (true) {
                switch (current.getHandshakeStatus()) {
                    case NEED_TASK -> runTasks(current);
                    case NEED_WRAP -> wrap(current, DtlsBuffers.EMPTY);
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        int got = unwrapNext(current, true);
                        if (got < 0) {
                            int waiting = expire(current, got);
                            if (waiting != 0) {
                                return waiting;
                            }
                        }
                    }
                    default -> finished(current);
                }
                if (this.session != null) {
                    return 0;
                }
            }
        }
        catch (SSLException ex) {
            throw TlsFailures.map(ex, true, this.config.isServer());
        }
    }

    /**
     * {@code mbedtls_ssl_read}: the next application data into {@code buf}, handshaking first if needed.
     * @return the bytes read (what does not fit stays for the next call); the code of
     * {@link TlsError#WANT_READ} or {@link TlsError#TIMEOUT} ({@link TlsConfig#readTimeout}); of
     * {@link TlsError#PEER_CLOSE_NOTIFY} once the peer sent its close-notify
     */
    public int read(ByteBuffer buf) throws TlsException, NetException {
        int shaken = handshake();
        if (shaken != 0) {
            return shaken;
        }
        SSLEngine current = Objects.requireNonNull(this.engine);
        try {
            while (true) {
                DtlsBuffers own = this.buffers.claim(this);
                if (own.plain.hasRemaining()) {
                    return own.takePlaintext(buf);
                }
                if (this.peerClosed) {
                    return TlsError.PEER_CLOSE_NOTIFY.code();
                }
                int got = unwrapNext(current, false);
                if (got < 0) {
                    return got;
                }
                answerPeer(current);
            }
        }
        catch (SSLException ex) {
            throw TlsFailures.map(ex, false, this.config.isServer());
        }
    }

    /**
     * {@code mbedtls_ssl_write}: sends {@code buf} (position to limit) as application data, in
     * records of at most the MTU each, handshaking first if needed.
     * @return the bytes written (all of them), or the code of {@link TlsError#WANT_READ} /
     * {@link TlsError#TIMEOUT} while the handshake is not done
     */
    public int write(ByteBuffer buf) throws TlsException, NetException {
        int shaken = handshake();
        if (shaken != 0) {
            return shaken;
        }
        SSLEngine current = Objects.requireNonNull(this.engine);
        int written = 0;
        try {
            while (buf.hasRemaining()) {
                written += wrap(current, buf);
            }
        }
        catch (SSLException ex) {
            throw TlsFailures.map(ex, false, this.config.isServer());
        }
        return written;
    }

    /** {@code mbedtls_ssl_close_notify}: sends a close-notify alert; nothing can be written after it. */
    public void closeNotify() throws TlsException, NetException {
        SSLEngine current = this.engine;
        if (current == null) {
            return;
        }
        current.closeOutbound();
        try {
            for (int i = 0; i < 4 && !current.isOutboundDone(); i++) {
                wrap(current, DtlsBuffers.EMPTY);
            }
        }
        catch (SSLException ex) {
            throw TlsFailures.map(ex, false, this.config.isServer());
        }
    }

    private SSLEngine begin() throws TlsException {
        SSLEngine current = this.engine;
        if (current != null) {
            return current;
        }
        if (this.bio == null) {
            throw new TlsException(TlsError.BAD_INPUT_DATA, "no transport: call setBio first");
        }
        current = this.config.createEngine(this.hostname, this.port);
        SSLParameters parameters = current.getSSLParameters();
        if (this.settings.mtu() > 0) {
            parameters.setMaximumPacketSize(this.settings.mtu());
        }
        parameters.setEnableRetransmissions(true);
        current.setSSLParameters(parameters);
        this.writer.packetSize(current.getSSLParameters().getMaximumPacketSize());
        this.timer.start(System.nanoTime());
        try {
            current.beginHandshake();
        }
        catch (SSLException ex) {
            throw TlsFailures.map(ex, true, this.config.isServer());
        }
        this.engine = current;
        return current;
    }

    /**
     * Wraps a record from {@code src} (nothing, in the handshake) and packs it into the datagram to
     * send, which goes once the engine has no more to wrap or the next record does not fit.
     * @return the plaintext bytes consumed
     */
    private int wrap(SSLEngine current, ByteBuffer src) throws SSLException, NetException {
        DtlsBuffers own = this.buffers.claim(this);
        ByteBuffer out = own.out.clear();
        SSLEngineResult result;
        try {
            result = current.wrap(src, out);
        }
        catch (SSLException ex) {
            own.packet.clear();
            throw ex;
        }
        out.flip();
        TlsBio transport = Objects.requireNonNull(this.bio);
        boolean handshaking = this.session == null;
        if (out.hasRemaining()) {
            this.writer.add(out, own, transport, handshaking);
        }
        if (result.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
            this.writer.flush(own, transport, handshaking);
        }
        afterStep(current, result, true);
        if (result.getStatus() == SSLEngineResult.Status.CLOSED && src.hasRemaining()) {
            throw new SSLException("the DTLS session is closed for writing");
        }
        return result.bytesConsumed();
    }

    /**
     * Unwraps the next record, from what is left of the last datagram or else from a new one.
     * @return 0 after a record; a negative code when the transport has nothing (WANT_READ, TIMEOUT)
     */
    private int unwrapNext(SSLEngine current, boolean handshaking) throws SSLException, NetException {
        DtlsBuffers own = this.buffers.claim(this);
        ByteBuffer in = own.in;
        if (!in.hasRemaining() && this.injected != null) {
            in.clear();
            in.put(this.injected).flip();
            this.injected = null;
        }
        // NEED_UNWRAP_AGAIN: the engine holds records of a flight it got earlier; it takes them from an empty source
        if (!in.hasRemaining() && current.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP_AGAIN) {
            in.clear();
            TlsBio transport = Objects.requireNonNull(this.bio);
            long timeout = handshaking ? this.timer.waitMillis(System.nanoTime()) : this.config.readTimeoutMillis();
            int got = (timeout > 0) ? transport.recvTimeout(in, timeout) : transport.recv(in);
            in.flip();
            if (got < 0) {
                return got;
            }
            if (!handshaking) {
                this.writer.lastFlight().received(in, transport);
            }
        }
        ByteBuffer plain = own.plain.clear();
        SSLEngineResult result;
        try {
            result = current.unwrap(in, plain);
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
        afterStep(current, result, false);
        return 0;
    }

    /** After a record of an established session: answers what the engine has to say (a retransmitted flight of the peer's). */
    private void answerPeer(SSLEngine current) throws SSLException, NetException {
        while (true) {
            HandshakeStatus status = current.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                runTasks(current);
            }
            else if (status == HandshakeStatus.NEED_WRAP) {
                wrap(current, DtlsBuffers.EMPTY);
            }
            else {
                return;
            }
        }
    }

    /**
     * Nothing came: retransmits the last flight if its timer ran out, or gives up. Returns 0 to go
     * on, or the code to return.
     */
    private int expire(SSLEngine current, int got) throws SSLException, NetException {
        return switch (this.timer.silence(System.nanoTime())) {
            case GIVE_UP -> TlsError.TIMEOUT.code();
            case WAIT -> (got == TlsError.TIMEOUT.code()) ? 0 : got;
            case RETRANSMIT -> {
                wrap(current, DtlsBuffers.EMPTY); // in NEED_UNWRAP, the engine sends its last flight again
                yield 0;
            }
        };
    }

    /** Runs the retransmission timer: each flight sent (re)starts it, the peer's next flight resets its timeout. */
    private void afterStep(SSLEngine current, SSLEngineResult result, boolean wrapped) {
        HandshakeStatus status = result.getHandshakeStatus();
        if (status == HandshakeStatus.FINISHED) {
            finished(current);
        }
        else if (this.session == null) {
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

    private void finished(SSLEngine current) {
        if (this.session == null) {
            this.session = TlsSessionInfo.of(current, this.hostname,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.timer.startedNanos()));
        }
    }

    private static void runTasks(SSLEngine current) {
        Runnable task;
        while ((task = current.getDelegatedTask()) != null) {
            task.run();
        }
    }

}
