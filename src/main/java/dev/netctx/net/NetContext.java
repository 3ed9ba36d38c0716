package dev.netctx.net;

import java.io.Closeable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A network context: the port of mbed TLS's {@code mbedtls_net_context} and of the functions of
 * {@code net_sockets.h} that act on it. {@code new NetContext()} is {@code mbedtls_net_init}; an
 * empty context fails every I/O call with {@link NetError#INVALID_CONTEXT}, as does a closed one.
 *
 * <p>Return conventions follow mbed TLS: {@link #recv} returns the number of bytes read, {@code 0}
 * when the peer closed the connection, and the negative codes {@link NetError#WANT_READ} /
 * {@link NetError#TIMEOUT} (as {@link NetError#code()}) for the non-fatal outcomes that callers loop
 * on; {@link #send} returns the number of bytes written or {@link NetError#WANT_WRITE}. Fatal
 * failures throw {@link NetException} carrying the mbed TLS error.
 *
 * <p>Built on {@code java.nio.channels}, so that one object has both blocking and non-blocking
 * modes. A context may be closed from any thread (a blocked {@code recv} then fails with
 * {@link NetError#INVALID_CONTEXT}); otherwise, as with a C file descriptor, one thread reads and one
 * thread writes at a time.
 *
 * <p>This class checks state; what a context does in its role (TCP stream or acceptor, connected
 * UDP, UDP listener or accepted UDP peer) is its package-private transport's. Where it goes beyond or
 * differs from mbed TLS is in each method's Javadoc and, with the reasons, in {@code docs/net-api.md}.
 */
public final class NetContext implements Closeable {

    /** mbed TLS's {@code MBEDTLS_NET_LISTEN_BACKLOG} is 10; netctx listens with a larger default. */
    public static final int DEFAULT_BACKLOG = 1024;

    /** The largest UDP payload (65,535 minus the IPv4 and UDP headers). */
    public static final int MAX_DATAGRAM_SIZE = 65_507;

    /** The room a UDP listener receives into: a datagram over {@link #MAX_DATAGRAM_SIZE} is seen, dropped and counted, not truncated. */
    public static final int RECEIVE_BUFFER_SIZE = 65_536;

    private volatile Transport transport = EmptyTransport.INSTANCE;

    private volatile boolean closed;

    private volatile @Nullable Object attachment;

    /** {@code mbedtls_net_init}: an empty context, not yet connected or bound. */
    public NetContext() {
    }

    /** A context over a transport made by another one (an accepted connection or peer). */
    NetContext(Transport transport) {
        this.transport = transport;
    }

    /**
     * {@code mbedtls_net_connect}: resolves {@code host} (every IPv6 and IPv4 address) and connects to
     * each address in turn until one succeeds; the last failure is reported. UDP contexts are
     * connected too, so that {@link #send} and {@link #recv} talk to that peer only. Waits as long as
     * the operating system does for a TCP connection; see {@link #connect(String, int, NetProtocol, long)}.
     * @throws NetException {@code BAD_INPUT_DATA} for a null host or protocol, a port outside
     * 1..65535 or a context already in use; {@code UNKNOWN_HOST}, {@code SOCKET_FAILED} or
     * {@code CONNECT_FAILED}
     */
    public void connect(String host, int port, NetProtocol proto) throws NetException {
        connect(host, port, proto, 0);
    }

    /**
     * {@code mbedtls_net_connect} with a connect timeout (mbed TLS #8027): each address gets at most
     * {@code connectTimeoutMillis} to accept a TCP connection ({@code 0} = no limit).
     * @see #connect(String, int, NetProtocol)
     */
    public void connect(String host, int port, NetProtocol proto, long connectTimeoutMillis) throws NetException {
        Arguments.checkConnect(host, port, proto, connectTimeoutMillis);
        requireUnused();
        connect(Sockets.resolve(host), port, proto, (int) connectTimeoutMillis);
    }

    /** Connects to each candidate address in turn; the last failure is reported. */
    void connect(InetAddress[] candidates, int port, NetProtocol proto, int connectTimeoutMillis) throws NetException {
        this.transport = Transports.connect(candidates, port, proto, connectTimeoutMillis);
    }

    /**
     * {@code mbedtls_net_bind} with netctx's {@linkplain #DEFAULT_BACKLOG default backlog}.
     * @see #bind(String, int, NetProtocol, int)
     */
    public void bind(@Nullable String bindIp, int port, NetProtocol proto) throws NetException {
        bind(bindIp, port, proto, DEFAULT_BACKLOG);
    }

    /**
     * {@code mbedtls_net_bind}: opens a socket with {@code SO_REUSEADDR}, binds it to
     * {@code bindIp:port} and, for TCP, listens with the given backlog. {@code null} and {@code ::}
     * are every interface of IPv6 and IPv4; {@code 0.0.0.0} is every IPv4 interface only. Port
     * {@code 0} is any free port, see {@link #localAddress()}. As in mbed TLS, every address
     * {@code bindIp} resolves to is tried in turn. A wildcard UDP listener keeps one socket for every
     * address of the host and, on JDK 22+ with native access, answers from the address each peer
     * asked ({@code IP_PKTINFO}); {@code docs/net-api.md} says how that differs from mbed TLS and JDK 17.
     * @throws NetException {@code BAD_INPUT_DATA} for a null protocol, a port outside 0..65535, a
     * backlog below 1 or a context already in use; {@code UNKNOWN_HOST}, {@code SOCKET_FAILED},
     * {@code BIND_FAILED} or {@code LISTEN_FAILED}
     */
    public void bind(@Nullable String bindIp, int port, NetProtocol proto, int backlog) throws NetException {
        Arguments.checkBind(bindIp, port, proto, backlog);
        requireUnused();
        InetAddress[] candidates = (bindIp == null) ? new @Nullable InetAddress[] { null } : Sockets.resolve(bindIp);
        this.transport = Transports.bind(candidates, port, proto, backlog);
    }

    /**
     * {@code mbedtls_net_accept}: accepts a connection on this bound context and returns it as a new
     * context, in blocking mode, with the client as its {@link #remoteAddress()}. TCP: the accepted connection. UDP: waits for a datagram from a peer that has no context yet
     * and returns that peer's context, whose first {@code recv} returns that datagram and whose
     * {@code send} goes to that peer only, as mbed TLS's does; unlike mbed TLS's (issue #1845), no
     * datagram reaches the wrong context ({@link #droppedDatagrams()} counts a full queue's).
     * @throws NetException {@link NetError#WANT_READ} when this context is non-blocking and nothing is
     * pending; {@code INVALID_CONTEXT} when it is not open; {@code ACCEPT_FAILED}
     */
    public NetContext accept() throws NetException {
        return new NetContext(requireOpen().accept());
    }

    /**
     * UDP listener, beyond mbed TLS: waits at most {@code timeoutMillis} ({@code 0}: not at all,
     * negative: for ever) for a datagram from any peer, and returns that peer's context (the same
     * one each time for a peer, a newly accepted one for a new peer), whose {@code recv} then returns
     * it without waiting. Not to be mixed with {@link #accept()} or {@link #receive}.
     * @return the context with a datagram, or {@code null} if none came in time
     * @throws NetException {@code INVALID_CONTEXT} when this listener is closed, {@code BAD_INPUT_DATA}
     * when this is not a UDP listener, {@code ACCEPT_FAILED}
     */
    public @Nullable NetContext nextReady(long timeoutMillis) throws NetException {
        return requireOpen().nextReady((timeoutMillis < 0) ? -1 : TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    }

    /**
     * UDP listener, beyond mbed TLS, the one-way path for one thread that serves every peer: receives
     * the next datagram straight into {@code buf}, waiting at most {@code timeoutMillis} ({@code 0}:
     * not at all, negative: for ever), and returns its peer's context, as {@link #nextReady} does (its
     * {@link #attachment()} holds the caller's session). Nothing is queued: from the first call on, a
     * peer's {@code recv} only returns {@code WANT_READ} or {@code TIMEOUT}. A datagram over
     * {@value #MAX_DATAGRAM_SIZE} bytes is dropped and counted ({@link #oversizedDatagrams()}).
     * @param buf where the datagram goes, from its position on; at least {@value #RECEIVE_BUFFER_SIZE} bytes remaining
     * @return the peer's context, or {@code null} if no datagram came in time
     * @throws NetException {@code BAD_INPUT_DATA} for a smaller buffer or when this is not a UDP listener;
     * {@code INVALID_CONTEXT} when this listener is closed; {@code ACCEPT_FAILED}
     */
    public @Nullable NetContext receive(ByteBuffer buf, long timeoutMillis) throws NetException {
        Arguments.checkReceiveBuffer(buf);
        return requireOpen().receive(buf, timeoutMillis);
    }

    /** {@code mbedtls_net_set_block}: I/O calls wait until they can proceed (the default). */
    public void setBlocking() throws NetException {
        requireOpen().configureBlocking(true);
    }

    /** {@code mbedtls_net_set_nonblock}: I/O calls that would wait return or throw {@code WANT_READ} / {@code WANT_WRITE}. */
    public void setNonBlocking() throws NetException {
        requireOpen().configureBlocking(false);
    }

    /** Whether this context is in blocking mode (a new context is). */
    public boolean isBlocking() {
        return this.transport.isBlocking();
    }

    /**
     * {@code mbedtls_net_poll}: waits until this context is ready for any of the {@code interest}
     * events and returns those that are ready; an empty set means the timeout passed. A timeout of
     * {@code 0} checks without waiting, a negative one waits for ever. READ on a listening context
     * means a connection (TCP) or a datagram (UDP) is waiting to be accepted. Not to be called while
     * another thread is blocked in {@code recv} or {@code send} on this context.
     * @throws NetException {@code BAD_INPUT_DATA} for a null or empty interest, {@code INVALID_CONTEXT}
     * when not open, {@code POLL_FAILED}
     */
    public Set<PollEvent> poll(Set<PollEvent> interest, long timeoutMillis) throws NetException {
        Arguments.checkInterest(interest);
        return requireOpen().poll(interest, timeoutMillis);
    }

    /** {@code mbedtls_net_usleep}: sleeps for the given number of microseconds. */
    public static void usleep(long micros) {
        try {
            TimeUnit.MICROSECONDS.sleep(micros); // not at all for 0 or less
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code mbedtls_net_recv}: reads at most {@code buf.remaining()} bytes into {@code buf}. On UDP,
     * one datagram; the part that does not fit is discarded, as with {@code recv(2)}.
     * @return the number of bytes read; {@code 0} when the peer closed the connection (TCP) or sent an
     * empty datagram (UDP); {@link NetError#WANT_READ}'s code when non-blocking and nothing is there
     * @throws NetException {@code CONN_RESET} when the peer reset the connection,
     * {@code INVALID_CONTEXT} when not open (or closed meanwhile), {@code RECV_FAILED}
     */
    public int recv(ByteBuffer buf) throws NetException {
        return requireOpen().recv(buf);
    }

    /**
     * {@code mbedtls_net_recv_timeout}: waits at most {@code timeoutMillis} for data, then reads as
     * {@link #recv(ByteBuffer)} does. As in mbed TLS, a timeout of {@code 0} waits for ever, also on a
     * non-blocking context.
     * @return as {@link #recv(ByteBuffer)}, or {@link NetError#TIMEOUT}'s code when nothing came in time
     * @throws NetException as {@link #recv(ByteBuffer)}; {@code BAD_INPUT_DATA} for a negative timeout
     */
    public int recv(ByteBuffer buf, long timeoutMillis) throws NetException {
        Arguments.checkRecvTimeout(timeoutMillis);
        return requireOpen().recv(buf, (timeoutMillis == 0) ? -1 : timeoutMillis);
    }

    /** {@code mbedtls_net_recv} into {@code buf[off, off+len)}. */
    public int recv(byte[] buf, int off, int len) throws NetException {
        return recv(ByteBuffer.wrap(buf, off, len));
    }

    /** {@code mbedtls_net_recv} into the whole of {@code buf}. */
    public int recv(byte[] buf) throws NetException {
        return recv(ByteBuffer.wrap(buf));
    }

    /** {@code mbedtls_net_recv_timeout} into {@code buf[off, off+len)}. */
    public int recv(byte[] buf, int off, int len, long timeoutMillis) throws NetException {
        return recv(ByteBuffer.wrap(buf, off, len), timeoutMillis);
    }

    /**
     * {@code mbedtls_net_send}: writes the remaining bytes of {@code buf} (on UDP: as one datagram).
     * A UDP context made by {@link #connect} cannot send an empty datagram (the JDK's connected
     * {@code DatagramChannel} sends nothing for one and returns 0); accepted UDP contexts can.
     * @return the number of bytes written, which may be fewer than remaining when non-blocking;
     * {@link NetError#WANT_WRITE}'s code when non-blocking and the socket cannot take any
     * @throws NetException {@code CONN_RESET} on reset or broken pipe, {@code INVALID_CONTEXT} when not
     * open, {@code SEND_FAILED}
     */
    public int send(ByteBuffer buf) throws NetException {
        return requireOpen().send(buf);
    }

    /** {@code mbedtls_net_send} of {@code buf[off, off+len)}. */
    public int send(byte[] buf, int off, int len) throws NetException {
        return send(ByteBuffer.wrap(buf, off, len));
    }

    /** {@code mbedtls_net_send} of the whole of {@code buf}. */
    public int send(byte[] buf) throws NetException {
        return send(ByteBuffer.wrap(buf));
    }

    /**
     * Sets {@code TCP_NODELAY} on a connected TCP context (beyond mbed TLS, which leaves Nagle's algorithm on).
     * @throws NetException {@code BAD_INPUT_DATA} when this is not a connected TCP context
     */
    public void setNoDelay(boolean on) throws NetException {
        requireOpen().setNoDelay(on);
    }

    /**
     * Half-closes a connected TCP context ({@code shutdown(fd, SHUT_WR)}, beyond mbed TLS): this side can still receive.
     * @throws NetException {@code BAD_INPUT_DATA} when this is not a connected TCP context,
     * {@code CONN_RESET} or {@code SEND_FAILED} when the connection failed
     */
    public void shutdownOutput() throws NetException {
        requireOpen().shutdownOutput();
    }

    /**
     * Caps the kernel's send buffer of a connected TCP context ({@code SO_SNDBUF}, beyond mbed TLS; Linux doubles it).
     * @throws NetException {@code BAD_INPUT_DATA} when this is not a connected TCP context or {@code bytes} is not positive
     */
    public void setSendBufferSize(int bytes) throws NetException {
        Arguments.checkSendBufferSize(bytes);
        requireOpen().setSendBufferSize(bytes);
    }

    /** The datagrams that a UDP listener and its peers dropped for a full ({@value DatagramDemux#MAX_QUEUED_DATAGRAMS}) or closed queue; else 0. */
    public long droppedDatagrams() {
        return this.transport.droppedDatagrams();
    }

    /** The datagrams that a UDP listener and its peers dropped as larger than {@value #MAX_DATAGRAM_SIZE} bytes; else 0. */
    public long oversizedDatagrams() {
        return this.transport.oversizedDatagrams();
    }

    /** What the caller attached to this context ({@link #attach}), {@code null} if nothing. */
    public @Nullable Object attachment() {
        return this.attachment;
    }

    /** Attaches an object, such as the session that serves this context, as a selection key holds one. */
    public void attach(@Nullable Object attachment) {
        this.attachment = attachment;
    }

    /** The transport, or {@code null} for an empty context. */
    public @Nullable NetProtocol protocol() {
        return this.transport.protocol();
    }

    /** Whether this context holds an open socket. */
    public boolean isOpen() {
        return !this.closed && this.transport.isOpen();
    }

    /** Whether this is a bound (listening) context, as opposed to a connected or accepted one. */
    public boolean isListening() {
        return this.transport.isListening();
    }

    /** The local address, or {@code null} for an empty context; kept after close. */
    public @Nullable SocketAddress localAddress() {
        return this.transport.localAddress();
    }

    /** The peer's address (an {@link InetSocketAddress}, 4 or 16 bytes), {@code null} for an empty or listening context; kept after close. */
    public @Nullable SocketAddress remoteAddress() {
        return this.transport.remoteAddress();
    }

    /** {@code mbedtls_net_close}: closes the socket. Idempotent. */
    @Override
    public void close() {
        this.closed = true;
        this.transport.close();
    }

    /** {@code mbedtls_net_free}: shuts the connection down in both directions, then closes. Idempotent. */
    public void free() {
        if (!this.closed) {
            this.closed = true;
            this.transport.free();
        }
        close();
    }

    /**
     * Closes a connected TCP context with a reset ({@code SO_LINGER} 0, then {@code mbedtls_net_close}):
     * the peer's next call fails with {@code CONN_RESET}. Any other context is closed as by {@link #close()}. Idempotent.
     */
    public void abort() {
        if (!this.closed) {
            this.closed = true;
            this.transport.abort();
        }
        close();
    }

    @Override
    public String toString() {
        return "NetContext[" + Addresses.describe(protocol(), isOpen(), localAddress(), remoteAddress()) + "]";
    }

    /** {@code host:port} as {@link Addresses#format(SocketAddress)} prints it. */
    public static String format(SocketAddress address) {
        return Addresses.format(address);
    }

    /** The transport, for {@link NetPoller}. */
    Transport transport() {
        return this.transport;
    }

    private void requireUnused() throws NetException {
        if (this.transport != EmptyTransport.INSTANCE || this.closed) {
            throw new NetException(NetError.BAD_INPUT_DATA, "context already used: " + this);
        }
    }

    /** The transport of this open context. */
    private Transport requireOpen() throws NetException {
        Transport current = this.transport;
        if (this.closed || !current.isOpen()) {
            throw new NetException(NetError.INVALID_CONTEXT, (current.protocol() == null) ? "context not connected or bound" : "context closed");
        }
        return current;
    }
}
