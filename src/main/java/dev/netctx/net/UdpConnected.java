package dev.netctx.net;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NotYetConnectedException;

/** A UDP context a client connected: its socket talks to that one peer. */
final class UdpConnected extends ChannelTransport<DatagramChannel> {

    private UdpConnected(DatagramChannel channel) throws IOException {
        super(channel, channel.getLocalAddress(), channel.getRemoteAddress());
    }

    /** {@code mbedtls_net_connect} of UDP to one address. */
    static UdpConnected connect(InetSocketAddress target) throws NetException {
        DatagramChannel datagram = Sockets.open(family -> (family != null) ? DatagramChannel.open(family) : DatagramChannel.open(),
                target.getAddress());
        try {
            datagram.connect(target);
            return new UdpConnected(datagram);
        }
        catch (IOException | RuntimeException ex) {
            Sockets.closeQuietly(datagram);
            throw new NetException(NetError.CONNECT_FAILED, Addresses.format(target) + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    NetProtocol protocol() {
        return NetProtocol.UDP;
    }

    @Override
    int recv(ByteBuffer buf) throws NetException {
        try {
            // receive, not read: only receive tells "nothing there" (null) from an empty datagram (0)
            int before = buf.position();
            return (this.channel.receive(buf) != null) ? buf.position() - before : NetError.WANT_READ.code();
        }
        catch (IOException | NotYetConnectedException ex) {
            throw Sockets.failure(ex, NetError.RECV_FAILED);
        }
    }

    @Override
    int adaptorRecv(byte[] bytes, int offset, int length, int timeoutMillis) throws IOException {
        this.channel.socket().setSoTimeout(timeoutMillis);
        DatagramPacket packet = new DatagramPacket(bytes, offset, length);
        this.channel.socket().receive(packet);
        return packet.getLength();
    }

    @Override
    int send(ByteBuffer buf) throws NetException {
        return send(this.channel, buf);
    }
}
