package dev.netctx.context;

import java.io.Closeable;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import dev.netctx.net.NetContext;
import dev.netctx.net.NetException;
import dev.netctx.net.NetPoller;
import dev.netctx.net.NetProtocol;
import dev.netctx.net.PollEvent;
import dev.netctx.tls.TlsSessionInfo;

/**
 * A {@link NetContext} known to the {@link ContextRegistry}: its {@link #recv} and {@link #send}
 * count the bytes they move, for this context and for its listener, and record when bytes last
 * moved. Counting costs a few plain writes per call: one thread receives and one thread sends at a
 * time, as on the underlying context, so each counter has a single writer.
 *
 * <p>{@link #close(String)} may be called from any thread; a {@code recv} or {@code send} blocked
 * meanwhile then fails with {@code INVALID_CONTEXT}, which {@link #isClosed()} tells apart from a
 * failure of the connection. Created by {@link NetContextFactory}.
 */
public final class TrackedContext implements Closeable {

    private final long id;

    private final NetContext context;

    private final ContextRole role;

    private final String name;

    private final ListenerStats stats;

    private final ContextRegistry registry;

    private final Instant openedAt = Instant.now();

    private final long openedNanos = System.nanoTime();

    private final String local;

    private final String remote;

    private final InetSocketAddress remoteAddress;

    private final RateWindow rates = new RateWindow(this.openedNanos);

    private final AtomicReference<String> closeReason = new AtomicReference<>();

    private volatile long lastActivityNanos = this.openedNanos;

    private volatile long bytesReceived;

    private volatile long bytesSent;

    private volatile TlsSessionInfo tls;

    TrackedContext(long id, NetContext context, ContextRole role, String name, ListenerStats stats,
            ContextRegistry registry) {
        this.id = id;
        this.context = context;
        this.role = role;
        this.name = name;
        this.stats = stats;
        this.registry = registry;
        this.local = NetContext.format(context.localAddress());
        this.remote = (context.remoteAddress() != null) ? NetContext.format(context.remoteAddress()) : null;
        this.remoteAddress = (context.remoteAddress() instanceof InetSocketAddress inet) ? inet : null;
    }

    /** The registry's identifier of this context. */
    public long id() {
        return this.id;
    }

    /** What this context is for. */
    public ContextRole role() {
        return this.role;
    }

    /** The listener this context belongs to (for a client: the name it was opened with). */
    public String name() {
        return this.name;
    }

    /** The statistics of the listener this context belongs to; {@code null} for a client context. */
    public ListenerStats stats() {
        return this.stats;
    }

    /** The transport. */
    public NetProtocol protocol() {
        return this.context.protocol();
    }

    /** The peer as {@code host:port}, or {@code null} for a listener. */
    public String remote() {
        return this.remote;
    }

    /** The peer's address, or {@code null} for a listener. */
    public InetSocketAddress remoteAddress() {
        return this.remoteAddress;
    }

    /** Bytes received so far. */
    public long bytesReceived() {
        return this.bytesReceived;
    }

    /** Bytes sent so far. */
    public long bytesSent() {
        return this.bytesSent;
    }

    /** Bytes received per second over the last few seconds, as of the last sample. */
    public long rateIn() {
        return this.rates.rateIn();
    }

    /** Bytes sent per second over the last few seconds, as of the last sample. */
    public long rateOut() {
        return this.rates.rateOut();
    }

    /** Its state now. */
    public ContextState state() {
        return isClosed() ? ContextState.CLOSED
                : (this.role == ContextRole.LISTENER) ? ContextState.LISTENING : ContextState.OPEN;
    }

    /**
     * {@link NetContext#recv(ByteBuffer)}, counting the bytes read.
     * @throws NetException as {@code NetContext.recv}; counted by its error unless this context was closed
     */
    public int recv(ByteBuffer buf) throws NetException {
        int read;
        try {
            read = this.context.recv(buf);
        }
        catch (NetException ex) {
            throw failed(ex);
        }
        if (read >= 0) {
            this.lastActivityNanos = System.nanoTime();
            this.bytesReceived += read;
            if (this.stats != null) {
                this.stats.received(read);
            }
        }
        return read;
    }

    /**
     * {@link NetContext#send(ByteBuffer)}, counting the bytes written.
     * @throws NetException as {@code NetContext.send}; counted by its error unless this context was closed
     */
    public int send(ByteBuffer buf) throws NetException {
        int written;
        try {
            written = this.context.send(buf);
        }
        catch (NetException ex) {
            throw failed(ex);
        }
        if (written >= 0) {
            this.lastActivityNanos = System.nanoTime();
            this.bytesSent += written;
            if (this.stats != null) {
                this.stats.sent(written);
            }
        }
        return written;
    }

    /**
     * {@link NetContext#accept()} on a listener: the accepted context, not yet tracked (hand it to
     * {@link NetContextFactory#session} or {@link NetContextFactory#refuse}).
     * @throws NetException as {@code NetContext.accept}; counted by its error unless this context was closed
     */
    public NetContext accept() throws NetException {
        try {
            return this.context.accept();
        }
        catch (NetException ex) {
            throw failed(ex);
        }
    }

    /** Counts a datagram this session received and did not echo, for its listener. */
    public void dropped(DropReason reason) {
        if (this.stats != null) {
            this.stats.countDropped(reason);
        }
    }

    /**
     * {@link NetContext#receive(ByteBuffer, long)} on a UDP listener, waiting for ever: the next
     * datagram in {@code buf} and the context of its peer, newly accepted (not yet tracked) for a new
     * peer. The session of the peer counts the datagram ({@link #received(int)}).
     * @throws NetException as {@code NetContext.receive}; counted by its error unless this context was closed
     */
    public NetContext receive(ByteBuffer buf) throws NetException {
        try {
            return this.context.receive(buf, -1);
        }
        catch (NetException ex) {
            throw failed(ex);
        }
    }

    /**
     * {@link NetContext#receive(ByteBuffer, long)} on a UDP listener, waiting at most
     * {@code timeoutMillis} (negative: for ever): as {@link #receive(ByteBuffer)}, or {@code null} if
     * no datagram came in time.
     * @throws NetException as {@code NetContext.receive}; counted by its error unless this context was closed
     */
    public NetContext receive(ByteBuffer buf, long timeoutMillis) throws NetException {
        try {
            return this.context.receive(buf, timeoutMillis);
        }
        catch (NetException ex) {
            throw failed(ex);
        }
    }

    /** Counts a datagram of {@code bytes} that this UDP session's listener received for it ({@link #receive}). */
    public void received(int bytes) {
        this.lastActivityNanos = System.nanoTime();
        this.bytesReceived += bytes;
        if (this.stats != null) {
            this.stats.received(bytes);
        }
    }

    /** {@link NetContext#setNonBlocking()}: {@code recv} and {@code send} return {@code WANT_READ} / {@code WANT_WRITE} instead of waiting. */
    public void setNonBlocking() throws NetException {
        this.context.setNonBlocking();
    }

    /** {@link NetContext#setSendBufferSize(int)}: caps the kernel's send buffer of a TCP session. */
    public void setSendBufferSize(int bytes) throws NetException {
        this.context.setSendBufferSize(bytes);
    }

    /** Registers this (non-blocking TCP) context with {@code poller}, see {@link NetPoller#register}. */
    public NetPoller.Registration register(NetPoller poller, Set<PollEvent> interest, Object attachment) throws NetException {
        return poller.register(this.context, interest, attachment);
    }

    /** The {@link System#nanoTime()} at which bytes last moved (or a listener last admitted a session). */
    public long lastActivityNanos() {
        return this.lastActivityNanos;
    }

    /** The {@link System#nanoTime()} at which this context was opened. */
    long openedNanos() {
        return this.openedNanos;
    }

    /** Samples the byte counters for the rates (called by {@link ContextSampler}'s thread only). */
    void sample(long nanos) {
        this.rates.sample(nanos, this.bytesReceived, this.bytesSent);
    }

    /** Stamps a listener's activity: it admitted a session (see {@link NetContextFactory#session}). */
    void admitted() {
        this.lastActivityNanos = System.nanoTime();
    }

    /**
     * Records this session's finished TLS or DTLS handshake: its snapshot carries {@code session} from
     * now on, and its listener counts the handshake ({@code netctx.tls.handshakes}, result {@code ok})
     * and its duration.
     */
    public void handshakeCompleted(TlsSessionInfo session, long nanos) {
        this.tls = session;
        if (this.stats != null) {
            this.stats.handshakeCompleted(nanos);
        }
    }

    /** Counts this session's failed TLS or DTLS handshake for its listener, by the class of its failure. */
    public void handshakeFailed(HandshakeResult result) {
        if (this.stats != null) {
            this.stats.handshakeFailed(result);
        }
    }

    /** What this context's TLS or DTLS handshake agreed, or {@code null} (a plain context, or a handshake not done). */
    public TlsSessionInfo tls() {
        return this.tls;
    }

    /** Closes this session to protect the others, counting it for its listener by {@code reason}. */
    public void cut(CutReason reason, String detail) {
        if (!isClosed() && this.stats != null) {
            this.stats.countCut(reason);
        }
        close(reason.tag() + ": " + detail);
    }

    /** Whether this context is open. */
    public boolean isOpen() {
        return this.closeReason.get() == null && this.context.isOpen();
    }

    /** Whether {@link #close(String)} was called: a failure after it is the close, not the connection's. */
    public boolean isClosed() {
        return this.closeReason.get() != null;
    }

    /** Closes the context with reason {@code closed}. */
    @Override
    public void close() {
        close("closed");
    }

    /**
     * Closes the context and removes it from the registry, logging the reason. Idempotent: the first
     * reason given is the one logged.
     */
    public void close(String reason) {
        if (this.closeReason.compareAndSet(null, reason)) {
            this.context.close();
            this.registry.closed(this, reason);
        }
    }

    /** A snapshot of this context. */
    public ContextInfo info() {
        Instant lastActivityAt = this.openedAt.plusNanos(this.lastActivityNanos - this.openedNanos);
        return new ContextInfo(this.id, this.name, this.role, protocol(), this.local, this.remote, this.openedAt,
                lastActivityAt, this.bytesReceived, this.bytesSent, state(), rateIn(), rateOut(), this.tls);
    }

    @Override
    public String toString() {
        String peer = (this.remote != null) ? " <- " + this.remote : "";
        return "context " + this.id + " [" + this.role + " of " + this.name + ", " + protocol().id() + " "
                + this.local + peer + "]";
    }

    NetContext context() {
        return this.context;
    }


    private NetException failed(NetException ex) {
        if (!isClosed() && this.stats != null) {
            this.stats.failed(ex.error());
        }
        return ex;
    }
}
