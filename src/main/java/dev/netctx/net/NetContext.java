package dev.netctx.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
 * <p>Beyond mbed TLS: {@link #connect(String, int, NetProtocol, long)} takes a connect timeout
 * (mbed TLS issue #8027), {@link #poll} has no {@code FD_SETSIZE} limit, a listener's backlog is
 * configurable, and UDP {@link #accept()} never hands a datagram to the wrong peer's context (mbed
 * TLS issue #1845; see {@link #accept()}).
 */
public class NetContext implements Closeable {

    /** mbed TLS's {@code MBEDTLS_NET_LISTEN_BACKLOG} is 10; netctx listens with a larger default. */
    public static final int DEFAULT_BACKLOG = 1024;

    /** The largest UDP payload (65,535 minus the IPv4 and UDP headers). */
    public static final int MAX_DATAGRAM_SIZE = 65_507;

    private final Object pollLock = new Object();

    private volatile NetProtocol protocol;

    private volatile SelectableChannel channel;

    private volatile boolean closed;

    private volatile boolean blocking = true;

    private volatile SocketAddress localAddress;

    private volatile SocketAddress remoteAddress;

    /** UDP listener and the peers it accepted: the shared socket; {@code null} otherwise. */
    private volatile DatagramDemux demux;

    /** UDP listener or accepted peer: this context's queue in {@link #demux}. */
    private volatile DatagramDemux.Inbox inbox;

    private Selector selector;

    /** {@code mbedtls_net_init}: an empty context, not yet connected or bound. */
    public NetContext() {
    }

    private NetContext(NetProtocol protocol, SelectableChannel channel) throws IOException {
        this.protocol = protocol;
        this.channel = channel;
        rememberAddresses();
    }

    private NetContext(DatagramDemux demux, DatagramDemux.Inbox inbox, SocketAddress local, InetSocketAddress peer) {
        this.protocol = NetProtocol.UDP;
        this.demux = demux;
        this.inbox = inbox;
        this.localAddress = local;
        this.remoteAddress = peer;
    }

    // ---------------------------------------------------------------- connect / bind / accept

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
        if (host == null || proto == null || port < 1 || port > 65_535 || connectTimeoutMillis < 0
                || connectTimeoutMillis > Integer.MAX_VALUE) {
            throw new NetException(NetError.BAD_INPUT_DATA, "connect(" + host + ", " + port + ", " + proto
                    + ", timeout " + connectTimeoutMillis + " ms): host and protocol are required, port is 1..65535");
        }
        requireUnused();
        connect(resolve(host), port, proto, (int) connectTimeoutMillis);
    }

    /** Connects to each candidate address in turn; the last failure is reported. */
    void connect(InetAddress[] candidates, int port, NetProtocol proto, int connectTimeoutMillis) throws NetException {
        NetException last = null;
        for (InetAddress address : candidates) {
            InetSocketAddress target = new InetSocketAddress(address, port);
            try {
                SelectableChannel opened = (proto == NetProtocol.TCP)
                        ? connectStream(target, connectTimeoutMillis) : connectDatagram(target);
                establish(proto, opened);
                return;
            }
            catch (NetException ex) {
                last = ex;
            }
        }
        throw (last != null) ? last : new NetException(NetError.UNKNOWN_HOST, "no address to connect to");
    }

    private static SocketChannel connectStream(InetSocketAddress target, int timeoutMillis) throws NetException {
        SocketChannel stream = open(family -> (family != null) ? SocketChannel.open(family) : SocketChannel.open(), target.getAddress());
        try {
            stream.socket().connect(target, timeoutMillis);
            return stream;
        }
        catch (IOException | RuntimeException ex) {
            closeQuietly(stream);
            String detail = (ex instanceof SocketTimeoutException) ? "timed out after " + timeoutMillis + " ms"
                    : String.valueOf(ex.getMessage());
            throw new NetException(NetError.CONNECT_FAILED, format(target) + ": " + detail, ex);
        }
    }

    private static DatagramChannel connectDatagram(InetSocketAddress target) throws NetException {
        DatagramChannel datagram = open(family -> (family != null) ? DatagramChannel.open(family) : DatagramChannel.open(), target.getAddress());
        try {
            datagram.connect(target);
            return datagram;
        }
        catch (IOException | RuntimeException ex) {
            closeQuietly(datagram);
            throw new NetException(NetError.CONNECT_FAILED, format(target) + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * {@code mbedtls_net_bind} with netctx's {@linkplain #DEFAULT_BACKLOG default backlog}.
     * @see #bind(String, int, NetProtocol, int)
     */
    public void bind(String bindIp, int port, NetProtocol proto) throws NetException {
        bind(bindIp, port, proto, DEFAULT_BACKLOG);
    }

    /**
     * {@code mbedtls_net_bind}: opens a socket with {@code SO_REUSEADDR}, binds it to
     * {@code bindIp:port} ({@code null} = every interface, IPv6 and IPv4; port {@code 0} = any free
     * port, see {@link #localAddress()}) and, for TCP, listens with the given backlog. As in mbed TLS,
     * every address {@code bindIp} resolves to is tried in turn.
     * @throws NetException {@code BAD_INPUT_DATA} for a null protocol, a port outside 0..65535, a
     * backlog below 1 or a context already in use; {@code UNKNOWN_HOST}, {@code SOCKET_FAILED},
     * {@code BIND_FAILED} or {@code LISTEN_FAILED}
     */
    public void bind(String bindIp, int port, NetProtocol proto, int backlog) throws NetException {
        if (proto == null || port < 0 || port > 65_535 || backlog < 1) {
            throw new NetException(NetError.BAD_INPUT_DATA, "bind(" + bindIp + ", " + port + ", " + proto
                    + ", backlog " + backlog + "): protocol is required, port is 0..65535, backlog at least 1");
        }
        requireUnused();
        InetAddress[] candidates = (bindIp == null) ? new InetAddress[] { null } : resolve(bindIp);
        NetException last = null;
        for (InetAddress address : candidates) {
            InetSocketAddress local = (address == null) ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
            try {
                if (proto == NetProtocol.TCP) {
                    establish(proto, listenStream(local, backlog));
                }
                else {
                    DatagramChannel datagram = bindDatagram(local);
                    this.protocol = proto;
                    this.localAddress = datagram.getLocalAddress();
                    this.demux = new DatagramDemux(datagram);
                    this.inbox = this.demux.listener();
                }
                return;
            }
            catch (IOException ex) {
                last = (ex instanceof NetException netEx) ? netEx : new NetException(NetError.BIND_FAILED, ex.getMessage(), ex);
            }
        }
        throw last;
    }

    private static ServerSocketChannel listenStream(InetSocketAddress local, int backlog) throws NetException {
        ServerSocketChannel acceptor = open(family -> (family != null) ? ServerSocketChannel.open(family) : ServerSocketChannel.open(), local.getAddress());
        try {
            acceptor.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            acceptor.bind(local, backlog);
            return acceptor;
        }
        catch (IOException | RuntimeException ex) {
            closeQuietly(acceptor);
            NetError error = (ex instanceof BindException || ex instanceof UnsupportedOperationException
                    || ex instanceof IllegalArgumentException) ? NetError.BIND_FAILED : NetError.LISTEN_FAILED;
            throw new NetException(error, format(local) + ": " + ex.getMessage(), ex);
        }
    }

    private static DatagramChannel bindDatagram(InetSocketAddress local) throws NetException {
        DatagramChannel datagram = open(family -> (family != null) ? DatagramChannel.open(family) : DatagramChannel.open(), local.getAddress());
        try {
            datagram.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            datagram.bind(local);
            return datagram;
        }
        catch (IOException | RuntimeException ex) {
            closeQuietly(datagram);
            throw new NetException(NetError.BIND_FAILED, format(local) + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * {@code mbedtls_net_accept}: accepts a connection on this bound context and returns it as a new
     * context, in blocking mode; its {@link #remoteAddress()} is the client's IP (4 or 16 bytes) and
     * port.
     *
     * <p>TCP: the accepted connection. UDP: waits for a datagram from a peer that has no context yet
     * and returns a context for that peer, whose first {@code recv} returns that datagram and whose
     * {@code send} goes to that peer only, as mbed TLS's does. mbed TLS connects the listening socket
     * to the peer and binds a fresh one, which hands datagrams that other peers had already queued to
     * the wrong context (mbed TLS issue #1845), and which Java cannot copy anyway: connecting a
     * {@code DatagramChannel} discards its queue. netctx keeps one socket and hands each datagram to
     * its own peer's context instead: none is delivered to the wrong peer or dropped on the way
     * (beyond {@value DatagramDemux#MAX_QUEUED_DATAGRAMS} queued for one context, dropped as a full
     * socket buffer would drop them), and accepted contexts outlive their listener.
     * @throws NetException {@link NetError#WANT_READ} when this context is non-blocking and nothing is
     * pending; {@code INVALID_CONTEXT} when it is not open; {@code ACCEPT_FAILED}
     */
    public NetContext accept() throws NetException {
        requireOpen();
        if (this.channel instanceof ServerSocketChannel acceptor) {
            return acceptStream(acceptor);
        }
        if (this.demux != null && this.remoteAddress == null) {
            return acceptDatagram();
        }
        throw new NetException(NetError.ACCEPT_FAILED, "not a bound context: " + this);
    }

    private NetContext acceptStream(ServerSocketChannel acceptor) throws NetException {
        try {
            SocketChannel accepted = acceptor.accept();
            if (accepted == null) {
                throw new NetException(NetError.WANT_READ, "no connection pending");
            }
            accepted.configureBlocking(true);
            return new NetContext(NetProtocol.TCP, accepted);
        }
        catch (IOException ex) {
            throw failure(ex, NetError.ACCEPT_FAILED);
        }
    }

    /**
     * UDP listener, beyond mbed TLS: waits at most {@code timeoutMillis} ({@code 0}: not at all,
     * negative: for ever) until a datagram is there for a peer this listener accepted, or from a new
     * peer, and returns that peer's context: the same context each time for a peer, and for a new
     * peer a newly accepted one, as {@link #accept()} returns it. Its {@code recv} then returns the
     * datagram without waiting. With it one thread can serve every peer of a listener, as an event
     * loop does, instead of one thread each; {@link #accept()} and this call are not to be mixed.
     * @return the context with a datagram, or {@code null} if none came in time
     * @throws NetException {@code INVALID_CONTEXT} when this listener is closed, {@code BAD_INPUT_DATA}
     * when this is not a UDP listener, {@code ACCEPT_FAILED}
     */
    public NetContext nextReady(long timeoutMillis) throws NetException {
        requireOpen();
        if (this.demux == null || this.remoteAddress != null) {
            throw new NetException(NetError.BAD_INPUT_DATA, "nextReady applies to UDP listeners only: " + this);
        }
        DatagramDemux shared = this.demux;
        try {
            DatagramDemux.Inbox ready = shared.nextReady((timeoutMillis < 0) ? -1 : TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
            if (ready == null) {
                return null;
            }
            if (ready != this.inbox) {
                return (NetContext) ready.owner();
            }
            DatagramDemux.Datagram first = shared.take(this.inbox, 0);
            return (first != null) ? accepted(shared, first) : null;
        }
        catch (IOException ex) {
            throw failure(ex, NetError.ACCEPT_FAILED);
        }
    }

    private NetContext accepted(DatagramDemux shared, DatagramDemux.Datagram first) {
        DatagramDemux.Inbox peerInbox = shared.register(first);
        NetContext context = new NetContext(shared, peerInbox, this.localAddress, first.source());
        peerInbox.owner(context);
        return context;
    }

    private NetContext acceptDatagram() throws NetException {
        DatagramDemux shared = this.demux;
        try {
            DatagramDemux.Datagram first = shared.take(this.inbox, this.blocking ? -1 : 0);
            if (first == null) {
                throw new NetException(NetError.WANT_READ, "no datagram pending");
            }
            return accepted(shared, first);
        }
        catch (IOException ex) {
            throw failure(ex, NetError.ACCEPT_FAILED);
        }
    }

    // ---------------------------------------------------------------- modes and poll

    /** {@code mbedtls_net_set_block}: I/O calls wait until they can proceed (the default). */
    public void setBlocking() throws NetException {
        configureBlocking(true);
    }

    /** {@code mbedtls_net_set_nonblock}: I/O calls that would wait return or throw {@code WANT_READ} / {@code WANT_WRITE}. */
    public void setNonBlocking() throws NetException {
        configureBlocking(false);
    }

    /** Whether this context is in blocking mode (a new context is). */
    public boolean isBlocking() {
        return this.blocking;
    }

    private void configureBlocking(boolean block) throws NetException {
        SelectableChannel current = requireOpen();
        if (current == null) {
            this.blocking = block;
            return;
        }
        synchronized (this.pollLock) {
            try {
                deregister(current);
                current.configureBlocking(block);
                this.blocking = block;
            }
            catch (IOException ex) {
                throw failure(ex, NetError.SOCKET_FAILED);
            }
        }
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
        if (interest == null || interest.isEmpty()) {
            throw new NetException(NetError.BAD_INPUT_DATA, "poll needs READ and/or WRITE, got " + interest);
        }
        SelectableChannel current = requireOpen();
        if (current == null) {
            return pollDatagram(interest, timeoutMillis);
        }
        synchronized (this.pollLock) {
            Set<PollEvent> ready = EnumSet.noneOf(PollEvent.class);
            int ops = interestOps(current, interest);
            boolean wasBlocking = current.isBlocking();
            try {
                if (this.selector == null) {
                    this.selector = Selector.open();
                }
                if (wasBlocking) {
                    current.configureBlocking(false);
                }
                SelectionKey key = current.keyFor(this.selector);
                if (key == null) {
                    key = current.register(this.selector, ops);
                }
                else {
                    key.interestOps(ops);
                }
                this.selector.selectedKeys().clear();
                if (timeoutMillis == 0) {
                    this.selector.selectNow();
                }
                else if (timeoutMillis < 0) {
                    this.selector.select();
                }
                else {
                    this.selector.select(timeoutMillis);
                }
                if (this.selector.selectedKeys().contains(key)) {
                    int readyOps = key.readyOps();
                    if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
                        ready.add(PollEvent.READ);
                    }
                    if ((readyOps & SelectionKey.OP_WRITE) != 0) {
                        ready.add(PollEvent.WRITE);
                    }
                }
                if (wasBlocking) {
                    deregister(current);
                    current.configureBlocking(true);
                }
                return ready;
            }
            catch (IOException | RuntimeException ex) {
                if (!current.isOpen()) {
                    throw new NetException(NetError.INVALID_CONTEXT, "closed while polling", ex);
                }
                throw new NetException(NetError.POLL_FAILED, String.valueOf(ex.getMessage()), ex);
            }
        }
    }

    /** UDP listener or accepted peer: READ when its queue has a datagram; an accepted peer can always write. */
    private Set<PollEvent> pollDatagram(Set<PollEvent> interest, long timeoutMillis) throws NetException {
        Set<PollEvent> ready = EnumSet.noneOf(PollEvent.class);
        boolean canWrite = interest.contains(PollEvent.WRITE) && this.remoteAddress != null;
        if (canWrite) {
            ready.add(PollEvent.WRITE);
        }
        if (interest.contains(PollEvent.READ)) {
            long wait = canWrite ? 0 : (timeoutMillis < 0) ? -1 : TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            try {
                if (this.demux.poll(this.inbox, wait)) {
                    ready.add(PollEvent.READ);
                }
            }
            catch (IOException ex) {
                throw failure(ex, NetError.POLL_FAILED);
            }
        }
        return ready;
    }

    private static int interestOps(SelectableChannel channel, Set<PollEvent> interest) {
        int ops = 0;
        if (interest.contains(PollEvent.READ)) {
            ops |= (channel instanceof ServerSocketChannel) ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
        }
        if (interest.contains(PollEvent.WRITE) && !(channel instanceof ServerSocketChannel)) {
            ops |= SelectionKey.OP_WRITE;
        }
        return ops;
    }

    private void deregister(SelectableChannel current) throws IOException {
        SelectionKey key = (this.selector != null) ? current.keyFor(this.selector) : null;
        if (key != null) {
            key.cancel();
            this.selector.selectNow();
        }
    }

    /** {@code mbedtls_net_usleep}: sleeps for the given number of microseconds. */
    public static void usleep(long micros) {
        if (micros <= 0) {
            return;
        }
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- recv / send

    /**
     * {@code mbedtls_net_recv}: reads at most {@code buf.remaining()} bytes into {@code buf}. On UDP,
     * one datagram; the part that does not fit is discarded, as with {@code recv(2)}.
     * @return the number of bytes read; {@code 0} when the peer closed the connection (TCP) or sent an
     * empty datagram (UDP); {@link NetError#WANT_READ}'s code when non-blocking and nothing is there
     * @throws NetException {@code CONN_RESET} when the peer reset the connection,
     * {@code INVALID_CONTEXT} when not open (or closed meanwhile), {@code RECV_FAILED}
     */
    public int recv(ByteBuffer buf) throws NetException {
        SelectableChannel current = requireOpen();
        if (current == null) {
            return takeDatagram(buf, this.blocking ? -1 : 0, NetError.WANT_READ);
        }
        try {
            int read;
            if (current instanceof SocketChannel stream) {
                read = stream.read(buf);
                if (read < 0) {
                    return 0;
                }
            }
            else if (current instanceof DatagramChannel datagram) {
                // receive, not read: only receive tells "nothing there" (null) from an empty datagram (0)
                int before = buf.position();
                return (datagram.receive(buf) != null) ? buf.position() - before : NetError.WANT_READ.code();
            }
            else {
                throw new NetException(NetError.RECV_FAILED, "cannot recv on a listening TCP context");
            }
            return (read == 0 && buf.hasRemaining() && !current.isBlocking()) ? NetError.WANT_READ.code() : read;
        }
        catch (IOException | NotYetConnectedException ex) {
            throw failure(ex, NetError.RECV_FAILED);
        }
    }

    /**
     * {@code mbedtls_net_recv_timeout}: waits at most {@code timeoutMillis} for data, then reads as
     * {@link #recv(ByteBuffer)} does. As in mbed TLS, a timeout of {@code 0} waits for ever, also on a
     * non-blocking context.
     * @return as {@link #recv(ByteBuffer)}, or {@link NetError#TIMEOUT}'s code when nothing came in time
     * @throws NetException as {@link #recv(ByteBuffer)}; {@code BAD_INPUT_DATA} for a negative timeout
     */
    public int recv(ByteBuffer buf, long timeoutMillis) throws NetException {
        if (timeoutMillis < 0 || timeoutMillis > Integer.MAX_VALUE) {
            throw new NetException(NetError.BAD_INPUT_DATA, "timeout must be 0..2^31-1 ms, got " + timeoutMillis);
        }
        SelectableChannel current = requireOpen();
        if (current == null) {
            return takeDatagram(buf, (timeoutMillis == 0) ? -1 : TimeUnit.MILLISECONDS.toNanos(timeoutMillis), NetError.TIMEOUT);
        }
        if (!current.isBlocking()) {
            if (poll(EnumSet.of(PollEvent.READ), (timeoutMillis == 0) ? -1 : timeoutMillis).isEmpty()) {
                return NetError.TIMEOUT.code();
            }
            return recv(buf);
        }
        if (timeoutMillis == 0) {
            return recv(buf);
        }
        try {
            if (current instanceof SocketChannel stream) {
                return timedStreamRead(stream, buf, (int) timeoutMillis);
            }
            if (current instanceof DatagramChannel datagram) {
                return timedDatagramRead(datagram, buf, (int) timeoutMillis);
            }
            throw new NetException(NetError.RECV_FAILED, "cannot recv on a listening TCP context");
        }
        catch (SocketTimeoutException ex) {
            return NetError.TIMEOUT.code();
        }
        catch (IOException | NotYetConnectedException ex) {
            throw failure(ex, NetError.RECV_FAILED);
        }
    }

    private static int timedStreamRead(SocketChannel stream, ByteBuffer buf, int timeoutMillis) throws IOException {
        // The socket adaptor is the JDK's timed read on a blocking channel (poll + read, virtual-thread friendly).
        stream.socket().setSoTimeout(timeoutMillis);
        InputStream in = stream.socket().getInputStream();
        int read;
        if (buf.hasArray()) {
            read = in.read(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
            if (read > 0) {
                buf.position(buf.position() + read);
            }
        }
        else {
            byte[] bytes = new byte[buf.remaining()];
            read = in.read(bytes);
            if (read > 0) {
                buf.put(bytes, 0, read);
            }
        }
        return Math.max(read, 0);
    }

    private static int timedDatagramRead(DatagramChannel datagram, ByteBuffer buf, int timeoutMillis) throws IOException {
        datagram.socket().setSoTimeout(timeoutMillis);
        byte[] bytes = buf.hasArray() ? buf.array() : new byte[buf.remaining()];
        int offset = buf.hasArray() ? buf.arrayOffset() + buf.position() : 0;
        DatagramPacket packet = new DatagramPacket(bytes, offset, buf.remaining());
        datagram.socket().receive(packet);
        if (buf.hasArray()) {
            buf.position(buf.position() + packet.getLength());
        }
        else {
            buf.put(bytes, 0, packet.getLength());
        }
        return packet.getLength();
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
        SelectableChannel current = requireOpen();
        try {
            int written;
            if (current == null) {
                if (this.remoteAddress == null) {
                    throw new NetException(NetError.SEND_FAILED, "a listening UDP context has no peer to send to");
                }
                return this.demux.send(buf, (InetSocketAddress) this.remoteAddress);
            }
            if (current instanceof SocketChannel stream) {
                written = stream.write(buf);
            }
            else if (current instanceof DatagramChannel datagram) {
                written = datagram.write(buf);
            }
            else {
                throw new NetException(NetError.SEND_FAILED, "cannot send on a listening TCP context");
            }
            return (written == 0 && buf.hasRemaining() && !current.isBlocking()) ? NetError.WANT_WRITE.code() : written;
        }
        catch (IOException | NotYetConnectedException ex) {
            throw failure(ex, NetError.SEND_FAILED);
        }
    }

    /** {@code mbedtls_net_send} of {@code buf[off, off+len)}. */
    public int send(byte[] buf, int off, int len) throws NetException {
        return send(ByteBuffer.wrap(buf, off, len));
    }

    /** {@code mbedtls_net_send} of the whole of {@code buf}. */
    public int send(byte[] buf) throws NetException {
        return send(ByteBuffer.wrap(buf));
    }

    // ---------------------------------------------------------------- options, state, close

    /**
     * Sets {@code TCP_NODELAY} on a connected TCP context (beyond mbed TLS, which leaves Nagle's
     * algorithm on): small writes go out at once, which request/response traffic such as an echo wants.
     * @throws NetException {@code BAD_INPUT_DATA} when this is not a connected TCP context
     */
    public void setNoDelay(boolean on) throws NetException {
        if (!(requireOpen() instanceof SocketChannel stream)) {
            throw new NetException(NetError.BAD_INPUT_DATA, "TCP_NODELAY applies to connected TCP contexts only");
        }
        try {
            stream.setOption(StandardSocketOptions.TCP_NODELAY, on);
        }
        catch (IOException ex) {
            throw failure(ex, NetError.SOCKET_FAILED);
        }
    }

    /**
     * A UDP listener and the peers it accepted share one socket: the datagrams dropped so far because
     * the queue of their context was full ({@value DatagramDemux#MAX_QUEUED_DATAGRAMS} waiting) or the
     * listener was closed. {@code 0} for any other context.
     */
    public long droppedDatagrams() {
        DatagramDemux shared = this.demux;
        return (shared != null) ? shared.dropped() : 0;
    }

    /** The transport, or {@code null} for an empty context. */
    public NetProtocol protocol() {
        return this.protocol;
    }

    /** Whether this context holds an open socket. */
    public boolean isOpen() {
        if (this.closed) {
            return false;
        }
        SelectableChannel current = this.channel;
        return (current != null) ? current.isOpen() : (this.inbox != null && !this.inbox.isClosed());
    }

    /** Whether this is a bound (listening) context, as opposed to a connected or accepted one. */
    public boolean isListening() {
        return this.channel instanceof ServerSocketChannel || (this.demux != null && this.remoteAddress == null);
    }

    /** The local address, or {@code null} for an empty context; kept after close. */
    public SocketAddress localAddress() {
        return this.localAddress;
    }

    /**
     * The peer's address (an {@link InetSocketAddress} whose address has 4 or 16 bytes), or
     * {@code null} where there is none (an empty or listening context); kept after close.
     */
    public SocketAddress remoteAddress() {
        return this.remoteAddress;
    }

    /** {@code mbedtls_net_close}: closes the socket. Idempotent. */
    @Override
    public void close() {
        this.closed = true;
        closeQuietly(this.channel);
        if (this.inbox != null) {
            this.demux.release(this.inbox);
        }
        Selector current = this.selector;
        if (current != null) {
            try {
                current.close();
            }
            catch (IOException ex) {
                // nothing left to release
            }
        }
    }

    /** {@code mbedtls_net_free}: shuts the connection down in both directions, then closes. Idempotent. */
    public void free() {
        if (!this.closed && this.channel instanceof SocketChannel stream && stream.isOpen()) {
            try {
                stream.shutdownOutput();
                stream.shutdownInput();
            }
            catch (IOException ex) {
                // already reset or closed by the peer: closing is all that is left
            }
        }
        close();
    }

    @Override
    public String toString() {
        String state = (this.protocol == null) ? "empty" : (isOpen() ? "" : "closed ") + this.protocol;
        String local = (this.localAddress != null) ? " " + format(this.localAddress) : "";
        String remote = (this.remoteAddress != null) ? " -> " + format(this.remoteAddress) : "";
        return "NetContext[" + state + local + remote + "]";
    }

    /** {@code host:port} as {@link Addresses#format(SocketAddress)} prints it. */
    public static String format(SocketAddress address) {
        return Addresses.format(address);
    }

    // ---------------------------------------------------------------- internals

    /** The socket of this context, or {@code null} for an empty context, a UDP listener and the peers it accepted. */
    SelectableChannel selectableChannel() {
        return this.channel;
    }

    /** UDP listener or accepted peer: the next datagram of this context's queue, truncated to fit {@code buf}. */
    private int takeDatagram(ByteBuffer buf, long timeoutNanos, NetError nothing) throws NetException {
        try {
            DatagramDemux.Datagram datagram = this.demux.take(this.inbox, timeoutNanos);
            if (datagram == null) {
                return nothing.code();
            }
            byte[] payload = datagram.payload();
            int length = Math.min(payload.length, buf.remaining());
            buf.put(payload, 0, length);
            return length;
        }
        catch (IOException ex) {
            throw failure(ex, NetError.RECV_FAILED);
        }
    }

    private void establish(NetProtocol proto, SelectableChannel opened) throws NetException {
        this.protocol = proto;
        this.channel = opened;
        try {
            rememberAddresses();
        }
        catch (IOException ex) {
            close();
            throw failure(ex, NetError.SOCKET_FAILED);
        }
    }

    private void rememberAddresses() throws IOException {
        SelectableChannel current = this.channel;
        this.localAddress = ((NetworkChannel) current).getLocalAddress();
        if (current instanceof SocketChannel stream) {
            this.remoteAddress = stream.getRemoteAddress();
        }
        else if (current instanceof DatagramChannel datagram) {
            this.remoteAddress = datagram.getRemoteAddress();
        }
    }

    private void requireUnused() throws NetException {
        if (this.protocol != null || this.closed) {
            throw new NetException(NetError.BAD_INPUT_DATA, "context already used: " + this);
        }
    }

    /** The open channel, or {@code null} for an open UDP listener or accepted peer (which share {@link #demux}). */
    private SelectableChannel requireOpen() throws NetException {
        if (this.protocol == null) {
            throw new NetException(NetError.INVALID_CONTEXT, "context not connected or bound");
        }
        if (!isOpen()) {
            throw new NetException(NetError.INVALID_CONTEXT, "context closed");
        }
        return this.channel;
    }

    private NetException failure(Throwable ex, NetError otherwise) {
        if (ex instanceof NetException netEx) {
            return netEx;
        }
        String message = (ex instanceof PortUnreachableException) ? "Connection refused (ICMP port unreachable)"
                : String.valueOf(ex.getMessage());
        if (ex instanceof AsynchronousCloseException || ex instanceof ClosedChannelException) {
            if (ex instanceof ClosedByInterruptException) {
                return new NetException(otherwise, "interrupted", ex);
            }
            return new NetException(NetError.INVALID_CONTEXT, "context closed", ex);
        }
        if (message.contains("Connection reset") || message.contains("Broken pipe")) {
            return new NetException(NetError.CONN_RESET, message, ex);
        }
        return new NetException(otherwise, message, ex);
    }

    private static InetAddress[] resolve(String host) throws NetException {
        try {
            return InetAddress.getAllByName(host);
        }
        catch (UnknownHostException | SecurityException ex) {
            throw new NetException(NetError.UNKNOWN_HOST, host, ex);
        }
    }

    private static ProtocolFamily familyOf(InetAddress address) {
        if (address == null || address.isAnyLocalAddress()) {
            return null;
        }
        return (address instanceof Inet4Address) ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    /** Opens a channel of the family of {@code address} (the default family, dual-stack where possible, for the wildcard). */
    private static <C extends SelectableChannel> C open(ChannelOpener<C> opener, InetAddress address) throws NetException {
        try {
            return opener.open(familyOf(address));
        }
        catch (IOException | UnsupportedOperationException ex) {
            throw new NetException(NetError.SOCKET_FAILED, String.valueOf(ex.getMessage()), ex);
        }
    }

    private static void closeQuietly(SelectableChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            }
            catch (IOException ex) {
                // closing is best effort: the descriptor is released either way
            }
        }
    }

    @FunctionalInterface
    private interface ChannelOpener<C extends SelectableChannel> {

        C open(ProtocolFamily family) throws IOException;
    }
}
