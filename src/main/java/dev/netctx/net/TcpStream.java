package dev.netctx.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SocketChannel;

/** A connected TCP context: one a client connected, or one a {@link TcpAcceptor} accepted. */
final class TcpStream extends ChannelTransport<SocketChannel> {

    private TcpStream(SocketChannel channel) throws IOException {
        super(channel, channel.getLocalAddress(), channel.getRemoteAddress());
    }

    /** Wraps a connected channel; closes it if its addresses cannot be read. */
    static TcpStream of(SocketChannel channel) throws NetException {
        try {
            return new TcpStream(channel);
        }
        catch (IOException ex) {
            Sockets.closeQuietly(channel);
            throw Sockets.failure(ex, NetError.SOCKET_FAILED);
        }
    }

    /** {@code mbedtls_net_connect} to one address, waiting at most {@code timeoutMillis} ({@code 0}: as long as the system does). */
    static TcpStream connect(InetSocketAddress target, int timeoutMillis) throws NetException {
        SocketChannel stream = Sockets.open(family -> (family != null) ? SocketChannel.open(family) : SocketChannel.open(),
                target.getAddress());
        try {
            stream.socket().connect(target, timeoutMillis);
        }
        catch (IOException | RuntimeException ex) {
            Sockets.closeQuietly(stream);
            String detail = (ex instanceof SocketTimeoutException) ? "timed out after " + timeoutMillis + " ms"
                    : String.valueOf(ex.getMessage());
            throw new NetException(NetError.CONNECT_FAILED, Addresses.format(target) + ": " + detail, ex);
        }
        return of(stream);
    }

    @Override
    NetProtocol protocol() {
        return NetProtocol.TCP;
    }

    @Override
    int recv(ByteBuffer buf) throws NetException {
        try {
            int read = this.channel.read(buf);
            return (read < 0) ? 0 : readResult(read, buf);
        }
        catch (IOException | NotYetConnectedException ex) {
            throw Sockets.failure(ex, NetError.RECV_FAILED);
        }
    }

    @Override
    int adaptorRecv(byte[] bytes, int offset, int length, int timeoutMillis) throws IOException {
        this.channel.socket().setSoTimeout(timeoutMillis); // the JDK's timed read on a blocking channel: poll + read
        return this.channel.socket().getInputStream().read(bytes, offset, length);
    }

    @Override
    int send(ByteBuffer buf) throws NetException {
        return send(this.channel, buf);
    }

    @Override
    void setNoDelay(boolean on) throws NetException {
        setOption(StandardSocketOptions.TCP_NODELAY, on);
    }

    @Override
    void setSendBufferSize(int bytes) throws NetException {
        setOption(StandardSocketOptions.SO_SNDBUF, bytes);
    }

    private <T> void setOption(SocketOption<T> option, T value) throws NetException {
        try {
            this.channel.setOption(option, value);
        }
        catch (IOException ex) {
            throw Sockets.failure(ex, NetError.SOCKET_FAILED);
        }
    }

    @Override
    void shutdownOutput() throws NetException {
        try {
            this.channel.shutdownOutput();
        }
        catch (IOException ex) {
            throw Sockets.failure(ex, NetError.SEND_FAILED);
        }
    }

    @Override
    void free() {
        if (this.channel.isOpen()) {
            try {
                this.channel.shutdownOutput();
                this.channel.shutdownInput();
            }
            catch (IOException ex) {
                // already reset or closed by the peer: closing is all that is left
            }
        }
        close();
    }

    /** {@code SO_LINGER} 0, then close: the kernel discards what is unsent and sends an RST instead of a FIN. */
    @Override
    void abort() {
        if (this.channel.isOpen()) {
            try {
                this.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            catch (IOException ex) {
                // already reset or closed: closing is all that is left
            }
        }
        close();
    }
}
