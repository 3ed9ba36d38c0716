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

import org.jspecify.annotations.Nullable;

/**
 * A UDP listener's socket as the JDK has it, a {@code DatagramChannel} in blocking mode. It does
 * not learn where a datagram was sent to, so a wildcard one answers from the address the kernel's
 * route picks.
 */
final class ChannelSocket implements ListenerSocket {

    /** The receive buffer asked for the shared socket (what Netty asks for too). */
    static final int SOCKET_BUFFER_SIZE = 4 * 1024 * 1024;

    private final DatagramChannel channel;

    private final InetSocketAddress localAddress;

    /** Where the socket sends itself an empty datagram to end a blocking receive (its own port, on loopback for a wildcard). */
    private final InetSocketAddress wakeAddress;

    /** Where a receive with a timeout goes ({@code DatagramSocket} takes arrays only); made when first needed. */
    private byte @Nullable [] timedReadBuffer;

    /**
     * A {@code DatagramChannel} with {@code SO_REUSEADDR}, bound to {@code address:port}
     * ({@code null}: every interface). An IPv4 address ({@code 0.0.0.0} too) gets an IPv4 socket,
     * which receives no IPv6 datagram; {@code ::} gets a dual-stack one.
     */
    static ChannelSocket bind(@Nullable InetAddress address, int port) throws NetException {
        InetSocketAddress local = Sockets.local(address, port);
        DatagramChannel datagram = Sockets.open(family -> (family != null) ? DatagramChannel.open(family) : DatagramChannel.open(),
                address);
        try {
            datagram.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            datagram.bind(local);
            return new ChannelSocket(datagram);
        }
        catch (IOException | RuntimeException ex) {
            Sockets.closeQuietly(datagram);
            throw new NetException(NetError.BIND_FAILED, Addresses.format(local) + ": " + ex.getMessage(), ex);
        }
    }

    private ChannelSocket(DatagramChannel channel) throws IOException {
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

    @Override
    public InetSocketAddress localAddress() {
        return this.localAddress;
    }

    /** Receives straight into {@code buf} when it is direct and there is no timeout. */
    @Override
    public @Nullable InetSocketAddress receive(ByteBuffer buf, long timeoutMillis) throws IOException {
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
        return (source == null || source.equals(this.wakeAddress)) ? null : (InetSocketAddress) source;
    }

    /** Unknown: a {@code DatagramChannel} does not say. */
    @Override
    public @Nullable InetAddress destination() {
        return null;
    }

    private @Nullable SocketAddress timedReceive(ByteBuffer buf, long timeoutMillis) throws IOException {
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

    /** Sends from the address the kernel's route picks for a wildcard socket ({@code from} is never known here). */
    @Override
    public int send(ByteBuffer buf, InetSocketAddress peer, @Nullable InetAddress from) throws IOException {
        return this.channel.send(buf, peer);
    }

    @Override
    public void wake() throws IOException {
        this.channel.send(ByteBuffer.allocate(0), this.wakeAddress);
    }

    @Override
    public void close() throws IOException {
        this.channel.close();
    }
}
