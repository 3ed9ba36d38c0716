package dev.netctx.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * The bound socket of a UDP listener, in blocking mode: receives with or without a timeout, sends
 * to any peer, and can end a receive that waits for ever. Only one thread receives at a time
 * ({@link DatagramDemux} sees to it); any thread sends.
 *
 * <p>A wildcard listener ({@code 0.0.0.0}, {@code ::}, {@code null}) is a {@link PktinfoSocket}
 * where the FFM API can make one (JDK 22+ on Linux, native access enabled): it learns the address
 * each datagram was sent to and answers from it. Elsewhere, and for a listener bound to one
 * address, it is a {@link ChannelSocket}, the JDK's {@code DatagramChannel}.
 */
sealed interface ListenerSocket permits ChannelSocket, PktinfoSocket {

    /**
     * Binds {@code address:port} ({@code null}: every interface), as a {@link PktinfoSocket} for a
     * wildcard address where the JVM can make one, else as a {@link ChannelSocket}. A wildcard
     * listener logs which of the two it is, once, at INFO.
     * @throws NetException {@code SOCKET_FAILED} or {@code BIND_FAILED}
     */
    static ListenerSocket bind(@Nullable InetAddress address, int port) throws NetException {
        if (address != null && !address.isAnyLocalAddress()) {
            return ChannelSocket.bind(address, port);
        }
        String why = Libc.unavailable();
        if (why == null) {
            try {
                ListenerSocket socket = PktinfoSocket.bind(address, port);
                log(socket, "answers each datagram from the address it was sent to (IP_PKTINFO through the FFM API)");
                return socket;
            }
            catch (IOException | RuntimeException ex) {
                why = "IP_PKTINFO failed: " + ex.getMessage();
            }
        }
        ListenerSocket socket = ChannelSocket.bind(address, port);
        log(socket, "answers from the address the kernel's route picks, which a peer that sent to another address of this host"
                + " does not recognize (" + why + ")");
        return socket;
    }

    private static void log(ListenerSocket socket, String mode) {
        System.getLogger(UdpListener.class.getName()).log(Level.INFO, "UDP listener {0} {1}", Addresses.format(socket.localAddress()), mode);
    }

    /** The address the socket is bound to. */
    InetSocketAddress localAddress();

    /**
     * Receives one datagram into {@code buf}, waiting at most {@code timeoutMillis} (0: not at all;
     * negative: until one comes).
     * @return its source, or {@code null} if none came or it was the wake-up datagram
     */
    @Nullable InetSocketAddress receive(ByteBuffer buf, long timeoutMillis) throws IOException;

    /**
     * The local address that the datagram {@link #receive} returned last was sent to, where the
     * socket learns it; {@code null} where it does not, or for a multicast one. For the receiving thread.
     */
    @Nullable InetAddress destination();

    /**
     * Sends one datagram to {@code peer}, from {@code from} where the socket can choose (a wildcard
     * {@link PktinfoSocket}); from the address the kernel's route picks otherwise, or for a {@code null} one.
     */
    int send(ByteBuffer buf, InetSocketAddress peer, @Nullable InetAddress from) throws IOException;

    /** Ends a receive that waits for ever, on another thread (an empty datagram to itself). */
    void wake() throws IOException;

    /** Closes the socket; a receive waiting on another thread ends. */
    void close() throws IOException;
}
