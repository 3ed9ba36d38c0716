package dev.netctx.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link NetContext} does in one role: the empty context, a TCP stream or acceptor, a
 * connected UDP socket, a UDP listener or a UDP peer it accepted. {@code NetContext} checks the
 * arguments and that it is open, then hands the call to its transport; each transport implements
 * what its role can do, and the defaults here fail the rest with the mbed TLS error of that misuse.
 *
 * <p>A TLS or DTLS transport (mbed TLS's {@code ssl} layer over a context) fits as one more class:
 * it {@code extends Transport}, is added to the {@code permits} list, wraps the transport it secures
 * (a {@link TcpStream}, or a {@link UdpPeer} for DTLS) and implements {@code recv}, {@code send},
 * {@code poll} and {@code close} as TLS records over it; NetContext and NetPoller stay as they are.
 */
abstract sealed class Transport permits EmptyTransport, ChannelTransport, DemuxTransport {

    /** The transport's protocol, or {@code null} for the empty context. */
    abstract @Nullable NetProtocol protocol();

    abstract @Nullable SocketAddress localAddress();

    /** The peer, or {@code null} where there is none. */
    @Nullable SocketAddress remoteAddress() {
        return null;
    }

    abstract boolean isOpen();

    /** Whether this transport accepts connections or peers. */
    boolean isListening() {
        return false;
    }

    abstract boolean isBlocking();

    abstract void configureBlocking(boolean block) throws NetException;

    /** {@code mbedtls_net_accept}: the transport of the connection or peer accepted. */
    Transport accept() throws NetException {
        throw new NetException(NetError.ACCEPT_FAILED, "not a bound context");
    }

    abstract int recv(ByteBuffer buf) throws NetException;

    /** {@code mbedtls_net_recv_timeout}, {@code timeoutMillis} above 0, or negative to wait for ever. */
    abstract int recv(ByteBuffer buf, long timeoutMillis) throws NetException;

    abstract int send(ByteBuffer buf) throws NetException;

    /** {@code mbedtls_net_poll}: {@code timeoutMillis} 0 does not wait, negative waits for ever. */
    abstract Set<PollEvent> poll(Set<PollEvent> interest, long timeoutMillis) throws NetException;

    void shutdownOutput() throws NetException {
        throw new NetException(NetError.BAD_INPUT_DATA, "a half-close applies to connected TCP contexts only");
    }

    void setNoDelay(boolean on) throws NetException {
        throw new NetException(NetError.BAD_INPUT_DATA, "TCP_NODELAY applies to connected TCP contexts only");
    }

    void setSendBufferSize(int bytes) throws NetException {
        throw new NetException(NetError.BAD_INPUT_DATA, "SO_SNDBUF applies to connected TCP contexts only");
    }

    /** Registers this transport's socket with a {@link NetPoller}'s selector. */
    SelectionKey register(Selector selector, Set<PollEvent> interest, Object attachment) throws NetException {
        throw new NetException(NetError.BAD_INPUT_DATA,
                "only non-blocking contexts with a socket of their own can be polled together");
    }

    /** UDP listener: the context of the next peer with a datagram queued for it ({@link NetContext#nextReady}). */
    @Nullable NetContext nextReady(long timeoutNanos) throws NetException {
        throw new NetException(NetError.BAD_INPUT_DATA, "nextReady applies to UDP listeners only");
    }

    /** UDP listener: the next datagram in {@code buf}, and its peer's context ({@link NetContext#receive}). */
    @Nullable NetContext receive(ByteBuffer buf, long timeoutMillis) throws NetException {
        throw new NetException(NetError.BAD_INPUT_DATA, "receive applies to UDP listeners only");
    }

    /** Datagrams dropped because a queue was full or its context closed (UDP listeners and peers). */
    long droppedDatagrams() {
        return 0;
    }

    /** Datagrams dropped because they were larger than {@link NetContext#MAX_DATAGRAM_SIZE} (UDP listeners and peers). */
    long oversizedDatagrams() {
        return 0;
    }

    abstract void close();

    /** {@code mbedtls_net_free}: shut down, then close. */
    void free() {
        close();
    }

    /** Closes with a reset where the transport has one (TCP); otherwise as {@link #close()}. */
    void abort() {
        close();
    }
}
