package dev.netctx.net;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

/** A bound TCP context: it listens, and accepts each connection as a {@link TcpStream}. */
final class TcpAcceptor extends ChannelTransport<ServerSocketChannel> {

    private TcpAcceptor(ServerSocketChannel channel) throws IOException {
        super(channel, channel.getLocalAddress(), null);
    }

    /**
     * {@code mbedtls_net_bind} of TCP: {@code SO_REUSEADDR}, bound to {@code address:port} ({@code null}: every interface), listening with
     * {@code backlog}. An IPv4 address ({@code 0.0.0.0} too) gets an IPv4 socket, which takes no IPv6
     * connection; {@code ::} gets a dual-stack one.
     */
    static TcpAcceptor bind(@Nullable InetAddress address, int port, int backlog) throws NetException {
        InetSocketAddress local = Sockets.local(address, port);
        ServerSocketChannel acceptor = Sockets.open(
                family -> (family != null) ? ServerSocketChannel.open(family) : ServerSocketChannel.open(), address);
        try {
            acceptor.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            acceptor.bind(local, backlog);
            return new TcpAcceptor(acceptor);
        }
        catch (IOException | RuntimeException ex) {
            Sockets.closeQuietly(acceptor);
            NetError error = (ex instanceof BindException || ex instanceof UnsupportedOperationException
                    || ex instanceof IllegalArgumentException) ? NetError.BIND_FAILED : NetError.LISTEN_FAILED;
            throw new NetException(error, Addresses.format(local) + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    NetProtocol protocol() {
        return NetProtocol.TCP;
    }

    @Override
    boolean isListening() {
        return true;
    }

    @Override
    Transport accept() throws NetException {
        SocketChannel accepted;
        try {
            accepted = this.channel.accept();
            if (accepted == null) {
                throw new NetException(NetError.WANT_READ, "no connection pending");
            }
            accepted.configureBlocking(true);
        }
        catch (IOException ex) {
            throw Sockets.failure(ex, NetError.ACCEPT_FAILED);
        }
        return TcpStream.of(accepted);
    }

    @Override
    int recv(ByteBuffer buf) throws NetException {
        throw notReadable();
    }

    @Override
    int adaptorRecv(byte[] bytes, int offset, int length, int timeoutMillis) throws NetException {
        throw notReadable();
    }

    private static NetException notReadable() {
        return new NetException(NetError.RECV_FAILED, "cannot recv on a listening TCP context");
    }

    @Override
    int send(ByteBuffer buf) throws NetException {
        throw new NetException(NetError.SEND_FAILED, "cannot send on a listening TCP context");
    }
}
