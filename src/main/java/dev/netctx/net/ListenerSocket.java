package dev.netctx.net;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The bound socket of a UDP listener, in blocking mode: receives with or without a timeout, sends
 * to any peer, and can end a receive that waits for ever (an empty datagram to itself). Only one
 * thread receives at a time ({@link DatagramDemux} sees to it); any thread sends.
 */
final class ListenerSocket {

    /** The receive buffer asked for the shared socket (what Netty asks for too). */
    static final int SOCKET_BUFFER_SIZE = 4 * 1024 * 1024;

    private final DatagramChannel channel;

    private final InetSocketAddress localAddress;

    /** Where the socket sends itself an empty datagram to end a blocking receive (its own port, on loopback for a wildcard). */
    private final InetSocketAddress wakeAddress;

    /** Where a receive with a timeout goes ({@code DatagramSocket} takes arrays only); made when first needed. */
    private byte[] timedReadBuffer;

    ListenerSocket(DatagramChannel channel) throws IOException {
        this.channel = channel;
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        InetAddress address = this.localAddress.getAddress();
        InetAddress loopback = InetAddress.getByName((address instanceof Inet6Address) ? "::1" : "127.0.0.1");
        this.wakeAddress = new InetSocketAddress(address.isAnyLocalAddress() ? loopback : address, this.localAddress.getPort());
        try {
            // one socket serves every peer: give it the buffer that many would have had (capped by net.core.rmem_max)
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_SIZE);
        }
        catch (IOException | UnsupportedOperationException ex) {
            // the kernel's default is still a working buffer
        }
    }

    InetSocketAddress localAddress() {
        return this.localAddress;
    }

    /**
     * Receives one datagram into {@code buf} (straight into it when it is direct and there is no
     * timeout), waiting at most {@code timeoutMillis} (0: not at all; negative: until one comes).
     * @return its source, or {@code null} if none came or it was the wake-up datagram
     */
    SocketAddress receive(ByteBuffer buf, long timeoutMillis) throws IOException {
        SocketAddress source;
        if (timeoutMillis > 0) {
            source = timedReceive(buf, timeoutMillis);
        }
        else if (timeoutMillis < 0) {
            source = this.channel.receive(buf);
        }
        else {
            this.channel.configureBlocking(false);
            try {
                source = this.channel.receive(buf);
            }
            finally {
                this.channel.configureBlocking(true);
            }
        }
        return (source == null || source.equals(this.wakeAddress)) ? null : source;
    }

    private SocketAddress timedReceive(ByteBuffer buf, long timeoutMillis) throws IOException {
        if (this.timedReadBuffer == null) {
            this.timedReadBuffer = new byte[NetContext.RECEIVE_BUFFER_SIZE];
        }
        DatagramPacket packet = new DatagramPacket(this.timedReadBuffer, Math.min(buf.remaining(), this.timedReadBuffer.length));
        try {
            this.channel.socket().setSoTimeout((int) Math.min(timeoutMillis, Integer.MAX_VALUE));
            this.channel.socket().receive(packet);
        }
        catch (SocketTimeoutException ex) {
            return null;
        }
        buf.put(this.timedReadBuffer, 0, packet.getLength());
        return packet.getSocketAddress();
    }

    /** Sends one datagram to {@code peer}. */
    int send(ByteBuffer buf, InetSocketAddress peer) throws IOException {
        return this.channel.send(buf, peer);
    }

    /** Ends a receive that waits for ever, on another thread. */
    void wake() throws IOException {
        this.channel.send(ByteBuffer.allocate(0), this.wakeAddress);
    }

    void close() throws IOException {
        this.channel.close();
    }
}
