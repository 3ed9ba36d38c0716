package dev.netctx.tls;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import org.jspecify.annotations.Nullable;

/**
 * A TLS (or DTLS) session over a transport: the port of mbed TLS's {@code mbedtls_ssl_context} and
 * of the {@code ssl.h} functions that act on it, on the JDK's {@link SSLEngine}.
 * {@code new TlsContext(config)} is {@code mbedtls_ssl_init} + {@code mbedtls_ssl_setup};
 * {@link #setBio} binds the transport ({@code mbedtls_ssl_set_bio}).
 *
 * <p>Return conventions follow mbed TLS and {@link dev.netctx.net.NetContext}: {@link #handshake},
 * {@link #read}, {@link #write}, {@link #flush} and {@link #closeNotify} return the codes of
 * {@code WANT_READ} / {@code WANT_WRITE} (non-blocking transport) and {@code TIMEOUT} (a read timeout,
 * {@link TlsConfig#readTimeout}) as values, to be called again; {@link #read} also returns
 * {@code PEER_CLOSE_NOTIFY}'s code when the peer closed the session and {@code 0} when the transport
 * ended without it. Failures throw {@link TlsException} with mbed TLS's SSL error, or the
 * transport's {@link NetException}; the context is then unusable, as in mbed TLS.
 *
 * <p>One difference: {@link #write} counts plaintext as written once it is encrypted, and the
 * records it could not send yet (at most four) wait in the context; a non-blocking caller calls
 * {@link #flush} until it returns 0 before it waits for the peer. mbed TLS returns
 * {@code WANT_WRITE} instead and is to be called again with the same data.
 *
 * <p>Beyond mbed TLS: {@link #setReadAhead} takes bytes that a stage before TLS (a PROXY protocol
 * header parser, say) read from the transport beyond its own. Not thread-safe: one thread at a time,
 * as an mbed TLS context. An idle context holds no buffer: the engine's full-size buffers are the
 * calling thread's.
 */
public final class TlsContext implements Closeable {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final TlsConfig config;

    private @Nullable TlsBio bio;

    private @Nullable String hostname;

    private int port = -1;

    private @Nullable ByteBuffer readAhead;

    private @Nullable SSLEngine engine;

    private @Nullable RecordIo records;

    private long startedNanos;

    private @Nullable TlsSessionInfo session;

    private @Nullable TlsException failure;

    private boolean peerClosed;

    private boolean closed;

    /** {@code mbedtls_ssl_init} + {@code mbedtls_ssl_setup(&ssl, &conf)}. */
    public TlsContext(TlsConfig config) {
        this.config = config;
    }

    /**
     * {@code mbedtls_ssl_set_bio}: the transport the records go over; see {@link TlsBio#of} for a
     * {@code NetContext}'s own. Call before the handshake.
     */
    public void setBio(TlsBio bio) {
        this.bio = bio;
    }

    /**
     * {@code mbedtls_ssl_set_hostname}, client side: the name sent as SNI and, with
     * {@link TlsAuthMode#REQUIRED}, checked against the server's certificate. Call before the handshake.
     */
    public void setHostname(@Nullable String hostname) {
        this.hostname = hostname;
    }

    /** The peer's port, a hint for the JDK's session cache (clients); not an mbed TLS function. */
    public void setPeerPort(int port) {
        this.port = port;
    }

    /**
     * Beyond mbed TLS: bytes already read from the transport by a stage before TLS (a PROXY protocol
     * header parser) that belong to TLS: they are received before anything the transport gives.
     * Call before the handshake; the bytes are copied.
     */
    public void setReadAhead(ByteBuffer bytes) {
        this.readAhead = (bytes.hasRemaining()) ? ByteBuffer.allocate(bytes.remaining()).put(bytes).flip() : null;
    }

    /**
     * {@code mbedtls_ssl_handshake}: performs the handshake, or as much of it as the transport allows.
     * @return {@code 0} once done; {@code WANT_READ} / {@code WANT_WRITE} / {@code TIMEOUT}'s code to be called again
     * @throws TlsException with the handshake's failure, e.g. {@code INVALID_RECORD} (the peer does not
     * speak TLS), {@code FATAL_ALERT_MESSAGE}, {@code NO_CLIENT_CERTIFICATE}, {@code X509_CERT_VERIFY_FAILED},
     * {@code CONN_EOF} (the peer left)
     * @throws NetException when the transport fails
     */
    public int handshake() throws TlsException, NetException {
        RecordIo io = begin();
        if (this.session != null) {
            return 0;
        }
        SSLEngine engine = this.engine;
        try {
            while (true) {
                if (io.flush() != 0) {
                    return NetError.WANT_WRITE.code();
                }
                HandshakeStatus status = engine.getHandshakeStatus();
                switch (status) {
                    case NEED_TASK -> runTasks(engine);
                    case NEED_WRAP -> io.wrap(EMPTY);
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        int result = io.unwrap(null);
                        if (result == RecordIo.END_OF_STREAM || result == TlsError.PEER_CLOSE_NOTIFY.code()) {
                            throw fail(new TlsException(TlsError.CONN_EOF, "the peer closed the connection during the handshake"));
                        }
                        if (result < 0) {
                            return result;
                        }
                    }
                    default -> {
                        this.session = TlsSessionInfo.of(engine, this.hostname,
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startedNanos));
                        return 0;
                    }
                }
            }
        }
        catch (SSLException ex) {
            throw fail(TlsFailures.map(ex, true, this.config.isServer()));
        }
    }

    /**
     * {@code mbedtls_ssl_read}: reads application data into {@code dst}, handshaking first if needed.
     * @return the number of bytes read; {@code 0} when the transport ended without a close_notify;
     * {@code PEER_CLOSE_NOTIFY}'s code when the peer closed the session; {@code WANT_READ} /
     * {@code WANT_WRITE} / {@code TIMEOUT}'s code to be called again
     * @throws TlsException e.g. {@code INVALID_MAC}, {@code INVALID_RECORD}, {@code FATAL_ALERT_MESSAGE}
     * @throws NetException when the transport fails ({@code CONN_RESET}, ...)
     */
    public int read(ByteBuffer dst) throws TlsException, NetException {
        RecordIo io = begin();
        if (this.session == null) {
            int handshake = handshake();
            if (handshake != 0) {
                return handshake;
            }
        }
        if (io.plaintextAvailable() > 0) {
            return io.takePlaintext(dst);
        }
        if (this.peerClosed) {
            return TlsError.PEER_CLOSE_NOTIFY.code();
        }
        try {
            while (true) {
                int result = io.unwrap(dst);
                if (result > 0) {
                    return result;
                }
                if (result == RecordIo.END_OF_STREAM) {
                    closeInboundQuietly();
                    return 0;
                }
                if (result == TlsError.PEER_CLOSE_NOTIFY.code()) {
                    this.peerClosed = true;
                    return result;
                }
                if (result < 0) {
                    return result;
                }
                if (io.plaintextAvailable() > 0) {
                    return io.takePlaintext(dst);
                }
                servePostHandshake(io);   // a record without application data: a ticket, a key update
            }
        }
        catch (SSLException ex) {
            throw fail(TlsFailures.map(ex, false, this.config.isServer()));
        }
    }

    /**
     * {@code mbedtls_ssl_write}: encrypts as much of {@code src} as four records hold (64 KiB) and
     * sends what the transport takes, handshaking first if needed; see the class's note on what
     * waits for {@link #flush}.
     * @return the number of plaintext bytes consumed (advancing {@code src}); {@code WANT_WRITE}'s
     * code when records from before still wait; {@code WANT_READ}'s while the engine waits for the peer
     * @throws TlsException / NetException as {@link #read}
     */
    public int write(ByteBuffer src) throws TlsException, NetException {
        RecordIo io = begin();
        if (this.session == null) {
            int handshake = handshake();
            if (handshake != 0) {
                return handshake;
            }
        }
        try {
            if (io.flush() != 0) {
                return NetError.WANT_WRITE.code();
            }
            int consumed = io.wrap(src);
            if (consumed == 0 && src.hasRemaining()) {
                servePostHandshake(io);
                return (this.engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) ? NetError.WANT_READ.code()
                        : io.wrap(src);
            }
            return consumed;
        }
        catch (SSLException ex) {
            throw fail(TlsFailures.map(ex, false, this.config.isServer()));
        }
    }

    /**
     * Sends the records that {@link #write} or the handshake could not send yet (mbed TLS does so
     * inside its calls; {@code mbedtls_ssl_flush_output} is internal there).
     * @return {@code 0} once none waits, or {@code WANT_WRITE}'s code
     */
    public int flush() throws TlsException, NetException {
        return begin().flush();
    }

    /**
     * {@code mbedtls_ssl_close_notify}: tells the peer that this side sends no more (a close_notify
     * alert). Does not close the transport.
     * @return {@code 0} once sent, or {@code WANT_WRITE}'s code: call again
     */
    public int closeNotify() throws TlsException, NetException {
        if (this.engine == null || this.failure != null || this.closed) {
            return 0;
        }
        RecordIo io = begin();
        if (io.flush() != 0) {
            return NetError.WANT_WRITE.code();
        }
        try {
            if (!this.engine.isOutboundDone()) {
                this.engine.closeOutbound();
                io.wrap(EMPTY);
            }
        }
        catch (SSLException ex) {
            throw fail(TlsFailures.map(ex, false, this.config.isServer()));
        }
        return io.flush();
    }

    /** {@code mbedtls_ssl_is_handshake_over} (mbed TLS 3.x): whether the handshake is done. */
    public boolean isHandshakeOver() {
        return this.session != null;
    }

    /** What the handshake agreed ({@code mbedtls_ssl_get_version}, {@code _get_ciphersuite}, ...), or {@code null} before its end. */
    public @Nullable TlsSessionInfo session() {
        return this.session;
    }

    /** {@code mbedtls_ssl_get_bytes_avail}: plaintext decrypted and not read yet. */
    public int bytesAvailable() {
        return (this.records != null) ? this.records.plaintextAvailable() : 0;
    }

    /** Bytes of records encrypted and not sent yet (see {@link #flush}). */
    public int pendingOutput() {
        return (this.records != null) ? this.records.unsentBytes() : 0;
    }

    /** Bytes this context holds between calls: a partial record, records not sent, plaintext not read. */
    public int heldBytes() {
        return (this.records != null) ? this.records.heldBytes() : 0;
    }

    /**
     * {@code mbedtls_ssl_free}: drops the session and what it holds. Does not close the transport,
     * nor send a close_notify (see {@link #closeNotify}). Idempotent.
     */
    @Override
    public void close() {
        this.closed = true;
        if (this.records != null) {
            this.records.release();
        }
    }

    /** Sets up the engine on first use; the record layer of this open, unfailed context. */
    private RecordIo begin() throws TlsException {
        if (this.closed) {
            throw new TlsException(TlsError.BAD_INPUT_DATA, "context freed");
        }
        if (this.failure != null) {
            throw new TlsException(this.failure.error(), "context failed before: " + this.failure.getMessage());
        }
        RecordIo io = this.records;
        if (io != null) {
            return io;
        }
        if (this.bio == null) {
            throw new TlsException(TlsError.BAD_INPUT_DATA, "no transport: call setBio first");
        }
        SSLEngine created;
        try {
            created = this.config.createEngine(this.hostname, this.port);
            io = new RecordIo(created, this.bio, this.config.readTimeoutMillis(), this.readAhead);
            created.beginHandshake();
        }
        catch (IllegalArgumentException ex) {
            throw fail(new TlsException(TlsError.BAD_CONFIG, String.valueOf(ex.getMessage()), ex));
        }
        catch (SSLException ex) {
            throw fail(TlsFailures.map(ex, true, this.config.isServer()));
        }
        this.readAhead = null;
        this.engine = created;
        this.records = io;
        this.startedNanos = System.nanoTime();
        return io;
    }

    /** After a record without application data: runs the engine's tasks and sends what it wants to send. */
    private void servePostHandshake(RecordIo io) throws SSLException, NetException {
        SSLEngine engine = this.engine;
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                runTasks(engine);
            }
            else if (status == HandshakeStatus.NEED_WRAP && io.unsentBytes() == 0) {
                io.wrap(EMPTY);
            }
            else {
                return;
            }
        }
    }

    private static void runTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Marks this context failed and sends, as far as the transport takes it at once, the alert the engine has for the peer. */
    private TlsException fail(TlsException ex) {
        this.failure = ex;
        RecordIo io = this.records;
        SSLEngine engine = this.engine;
        if (io != null && engine != null) {
            try {
                if (io.flush() == 0 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    io.wrap(EMPTY);
                }
            }
            catch (SSLException | NetException | RuntimeException alertNotSent) {
                // the failure is what the caller learns; the alert is a courtesy
            }
            io.release();
        }
        return ex;
    }

    private void closeInboundQuietly() {
        try {
            this.engine.closeInbound();
        }
        catch (SSLException ex) {
            // "closed without close_notify": what the 0 return says
        }
    }
}
