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
import org.jspecify.annotations.Nullable;

/**
 * A {@link NetContext} known to the {@link ContextRegistry}: its {@link #recv} and {@link #send}
 * count the bytes they move, for this context and for its listener, and its failures, cuts and
 * handshakes are counted for its listener ({@link ContextCounters}); its peer is a {@link ContextPeer}.
 * Each I/O call is the {@link NetContext}'s, and a {@link NetException} it throws is counted by its
 * error for the listener unless this context was closed meanwhile.
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

    /** The listener's statistics; {@code null} for a client context. */
    private final @Nullable ListenerStats stats;

    private final ContextRegistry registry;

    private final Instant openedAt = Instant.now();

    private final long openedNanos = System.nanoTime();

    private final String local;

    private volatile ContextPeer peer;

    private final ContextCounters counters;

    private final AtomicReference<@Nullable String> closeReason = new AtomicReference<>();

    private volatile @Nullable TlsSessionInfo tls;

    TrackedContext(long id, NetContext context, ContextRole role, String name, @Nullable ListenerStats stats,
            ContextRegistry registry) {
        this.id = id;
        this.context = context;
        this.role = role;
        this.name = name;
        this.stats = stats;
        this.registry = registry;
        this.local = NetContext.format(context.localAddress());
        this.peer = ContextPeer.of(context.remoteAddress());
        this.counters = new ContextCounters(this.openedNanos, stats);
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
    public @Nullable ListenerStats stats() {
        return this.stats;
    }

    /** The transport. */
    public NetProtocol protocol() {
        return this.context.protocol();
    }

    /** The peer as {@code host:port}, or {@code null} for a listener. */
    public @Nullable String remote() {
        return this.peer.remote();
    }

    /** The peer's address, or {@code null} for a listener. */
    public @Nullable InetSocketAddress remoteAddress() {
        return this.peer.address();
    }

    /**
     * The connection's own peer as {@code host:port} when it is a proxy that announced the client it
     * relays ({@link #announced}), else {@code null}.
     */
    public @Nullable String proxy() {
        return this.peer.proxy();
    }

    /**
     * Records the client that this session's peer, a proxy, announced in a PROXY protocol header: it
     * becomes the {@link #remote()} (the client behind the proxy), and the peer the {@link #proxy()}.
     * A UDP proxy may announce another client with each datagram: the latest one is shown.
     */
    public void announced(InetSocketAddress client) {
        this.peer = this.peer.announced(client);
    }

    /** Bytes received so far. */
    public long bytesReceived() {
        return this.counters.bytesReceived();
    }

    /** Bytes sent so far. */
    public long bytesSent() {
        return this.counters.bytesSent();
    }

    /** Bytes received per second over the last few seconds, as of the last sample. */
    public long rateIn() {
        return this.counters.rateIn();
    }

    /** Bytes sent per second over the last few seconds, as of the last sample. */
    public long rateOut() {
        return this.counters.rateOut();
    }

    /** Its state now. */
    public ContextState state() {
        return isClosed() ? ContextState.CLOSED
                : (this.role == ContextRole.LISTENER) ? ContextState.LISTENING : ContextState.OPEN;
    }

    /** {@link NetContext#recv(ByteBuffer)}, counting the bytes read. */
    public int recv(ByteBuffer buf) throws NetException {
        int read;
        try {
            read = this.context.recv(buf);
        }
        catch (NetException ex) {
            throw failed(ex);
        }
        return countReceived(read);
    }

    /** {@link NetContext#recv(ByteBuffer, long)} ({@code mbedtls_net_recv_timeout}), counting the bytes read. */
    public int recv(ByteBuffer buf, long timeoutMillis) throws NetException {
        int read;
        try {
            read = this.context.recv(buf, timeoutMillis);
        }
        catch (NetException ex) {
            throw failed(ex);
        }
        return countReceived(read);
    }

    private int countReceived(int read) {
        if (read >= 0) {
            this.counters.received(read);
        }
        return read;
    }

    /** {@link NetContext#send(ByteBuffer)}, counting the bytes written. */
    public int send(ByteBuffer buf) throws NetException {
        int written;
        try {
            written = this.context.send(buf);
        }
        catch (NetException ex) {
            throw failed(ex);
        }
        if (written >= 0) {
            this.counters.sent(written);
        }
        return written;
    }

    /**
     * {@link NetContext#accept()} on a listener: the accepted context, not yet tracked (hand it to
     * {@link NetContextFactory#session} or {@link NetContextFactory#refuse}).
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
        this.counters.dropped(reason);
    }

    /**
     * {@link NetContext#receive(ByteBuffer, long)} on a UDP listener, waiting for ever: the next
     * datagram in {@code buf} and the context of its peer, newly accepted (not yet tracked) for a new
     * peer. The session of the peer counts the datagram ({@link #received(int)}).
     */
    public @Nullable NetContext receive(ByteBuffer buf) throws NetException {
        return receive(buf, -1);
    }

    /** {@link #receive(ByteBuffer)}, waiting at most {@code timeoutMillis} (negative: for ever); {@code null} if none came. */
    public @Nullable NetContext receive(ByteBuffer buf, long timeoutMillis) throws NetException {
        try {
            return this.context.receive(buf, timeoutMillis);
        }
        catch (NetException ex) {
            throw failed(ex);
        }
    }

    /** Counts a datagram of {@code bytes} that this UDP session's listener received for it ({@link #receive}). */
    public void received(int bytes) {
        this.counters.received(bytes);
    }

    /** {@link NetContext#setNonBlocking()}: {@code recv} and {@code send} return {@code WANT_READ} / {@code WANT_WRITE} instead of waiting. */
    public void setNonBlocking() throws NetException {
        this.context.setNonBlocking();
    }

    /** {@link NetContext#shutdownOutput()}: half-closes a TCP session, which can still receive. */
    public void shutdownOutput() throws NetException {
        try {
            this.context.shutdownOutput();
        }
        catch (NetException ex) {
            throw failed(ex);
        }
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
        return this.counters.lastActivityNanos();
    }

    /** The {@link System#nanoTime()} at which this context was opened. */
    long openedNanos() {
        return this.openedNanos;
    }

    /** Samples the byte counters for the rates (called by {@link ContextSampler}'s thread only). */
    void sample(long nanos) {
        this.counters.sample(nanos);
    }

    /** Stamps a listener's activity: it admitted a session (see {@link NetContextFactory#session}). */
    void admitted() {
        this.counters.touch();
    }

    /**
     * Closes this session as turned away after all (its PROXY protocol header was missing, say),
     * counting it for its listener by {@code reason}.
     */
    public void refuse(RefusalReason reason, String detail) {
        if (!isClosed()) {
            this.counters.refused(reason);
        }
        close(reason.tag() + ": " + detail);
    }

    /**
     * Records this session's finished TLS or DTLS handshake: its snapshot carries {@code session} from
     * now on, and its listener counts the handshake ({@code netctx.tls.handshakes}, result {@code ok})
     * and its duration.
     */
    public void handshakeCompleted(TlsSessionInfo session, long nanos) {
        this.tls = session;
        this.counters.handshakeCompleted(nanos);
    }

    /** Counts this session's failed TLS or DTLS handshake for its listener, by the class of its failure. */
    public void handshakeFailed(HandshakeResult result) {
        this.counters.handshakeFailed(result);
    }

    /** What this context's TLS or DTLS handshake agreed, or {@code null} (a plain context, or a handshake not done). */
    public @Nullable TlsSessionInfo tls() {
        return this.tls;
    }

    /** Closes this session to protect the others, counting it for its listener by {@code reason}. */
    public void cut(CutReason reason, String detail) {
        if (!isClosed()) {
            this.counters.cut(reason);
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

    /** {@link #close(String)} with a TCP reset ({@link NetContext#abort()}): the peer sees "connection reset". */
    public void abort(String reason) {
        if (this.closeReason.compareAndSet(null, reason)) {
            this.context.abort();
            this.registry.closed(this, reason);
        }
    }

    /** A snapshot of this context. */
    public ContextInfo info() {
        Instant lastActivityAt = this.openedAt.plusNanos(lastActivityNanos() - this.openedNanos);
        ContextPeer peer = this.peer;
        return new ContextInfo(this.id, this.name, this.role, protocol(), this.local, peer.remote(), this.openedAt,
                lastActivityAt, bytesReceived(), bytesSent(), state(), rateIn(), rateOut(), peer.proxy(), this.tls);
    }

    @Override
    public String toString() {
        return "context " + this.id + " [" + this.role + " of " + this.name + ", " + protocol().id() + " "
                + this.local + this.peer.describe() + "]";
    }

    NetContext context() {
        return this.context;
    }

    private NetException failed(NetException ex) {
        if (!isClosed()) {
            this.counters.failed(ex.error());
        }
        return ex;
    }
}
