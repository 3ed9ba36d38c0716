package dev.netctx.tls;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
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

    /** The engine's record layer, from the handshake's start. */
    private @Nullable DtlsRecordIo records;

    private @Nullable TlsSessionInfo session;

    /** A ClientHello the engine is to see first ({@link #startFromVerifiedHello}), until the handshake starts. */
    private @Nullable ByteBuffer injected;

    /**
     * {@code mbedtls_ssl_setup}: a context of {@code config} (whose {@code SSLContext} is a
     * {@code "DTLS"} one) paced by {@code settings}, working in {@code buffers}.
     */
    public DtlsContext(TlsConfig config, DtlsSettings settings, DtlsBuffers buffers) {
        this.config = config;
        this.settings = settings;
        this.buffers = buffers;
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
        this.records = null;
        this.session = null;
        this.injected = null;
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
        return this.records != null && this.records.isPeerClosed();
    }

    /**
     * When {@link #handshake()} must be called even without a datagram (to retransmit a flight, or
     * to give up), as {@link System#nanoTime()}; {@code 0} when no handshake is waiting.
     */
    public long timerDeadlineNanos() {
        return (isHandshakeOver() || this.records == null) ? 0 : this.records.deadlineNanos();
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
        DtlsRecordIo io = begin();
        try {
            while (!io.isFinished()) {
                switch (io.engine().getHandshakeStatus()) {
                    case NEED_TASK -> io.runTasks();
                    case NEED_WRAP -> io.wrap(DtlsBuffers.EMPTY);
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        int got = io.unwrapNext(true);
                        int waiting = (got < 0) ? io.expire(got) : 0;
                        if (waiting != 0) {
                            return waiting;
                        }
                    }
                    default -> io.finish();
                }
            }
        }
        catch (SSLException ex) {
            sendAlertQuietly(io);
            throw TlsFailures.map(ex, true, this.config.isServer());
        }
        this.session = TlsSessionInfo.of(io.engine(), this.hostname,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - io.startedNanos()));
        return 0;
    }

    /**
     * After a failed handshake, sends the fatal alert the engine has for the peer (as mbed TLS does),
     * so that the peer fails at once rather than at its handshake timeout; a courtesy: the failure
     * is what the caller learns.
     */
    private static void sendAlertQuietly(DtlsRecordIo io) {
        try {
            if (io.engine().getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                io.wrap(DtlsBuffers.EMPTY);
            }
        }
        catch (SSLException | NetException | RuntimeException alertNotSent) {
            // the peer's own timeout ends its side
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
        DtlsRecordIo io = Objects.requireNonNull(this.records);
        try {
            while (true) {
                if (io.hasPlaintext()) {
                    return io.takePlaintext(buf);
                }
                if (io.isPeerClosed()) {
                    return TlsError.PEER_CLOSE_NOTIFY.code();
                }
                int got = io.unwrapNext(false);
                if (got < 0) {
                    return got;
                }
                io.answerPeer();
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
        DtlsRecordIo io = Objects.requireNonNull(this.records);
        int written = 0;
        try {
            while (buf.hasRemaining()) {
                written += io.wrap(buf);
            }
        }
        catch (SSLException ex) {
            throw TlsFailures.map(ex, false, this.config.isServer());
        }
        return written;
    }

    /** {@code mbedtls_ssl_close_notify}: sends a close-notify alert; nothing can be written after it. */
    public void closeNotify() throws TlsException, NetException {
        DtlsRecordIo io = this.records;
        if (io == null) {
            return;
        }
        SSLEngine current = io.engine();
        current.closeOutbound();
        try {
            for (int i = 0; i < 4 && !current.isOutboundDone(); i++) {
                io.wrap(DtlsBuffers.EMPTY);
            }
        }
        catch (SSLException ex) {
            throw TlsFailures.map(ex, false, this.config.isServer());
        }
    }

    private DtlsRecordIo begin() throws TlsException {
        DtlsRecordIo io = this.records;
        if (io != null) {
            return io;
        }
        if (this.bio == null) {
            throw new TlsException(TlsError.BAD_INPUT_DATA, "no transport: call setBio first");
        }
        SSLEngine engine = this.config.createEngine(this.hostname, this.port);
        SSLParameters parameters = engine.getSSLParameters();
        if (this.settings.mtu() > 0) {
            parameters.setMaximumPacketSize(this.settings.mtu());
        }
        parameters.setEnableRetransmissions(true);
        engine.setSSLParameters(parameters);
        io = new DtlsRecordIo(engine, this.bio, this.buffers, this.settings, this.config.readTimeoutMillis(), this.injected);
        this.injected = null;
        try {
            engine.beginHandshake();
        }
        catch (SSLException ex) {
            throw TlsFailures.map(ex, true, this.config.isServer());
        }
        this.records = io;
        return io;
    }
}
