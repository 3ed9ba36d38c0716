package dev.netctx.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import dev.netctx.tls.TlsBio;

/**
 * A {@link TlsBio} over the load generator's own {@link SocketChannel}: {@code NetContext}'s
 * conventions ({@code 0} at the end of the stream, {@code WANT_READ} / {@code WANT_WRITE} when a
 * non-blocking channel has nothing to give or take), so that a {@code TlsContext} runs over the
 * channels that the bench's selectors drive.
 */
final class ChannelBio implements TlsBio {

    private final SocketChannel channel;

    ChannelBio(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public int send(ByteBuffer buf) throws NetException {
        try {
            int written = this.channel.write(buf);
            return (written == 0 && buf.hasRemaining()) ? NetError.WANT_WRITE.code() : written;
        }
        catch (IOException ex) {
            throw new NetException(NetError.SEND_FAILED, ex.getMessage(), ex);
        }
    }

    @Override
    public int recv(ByteBuffer buf) throws NetException {
        try {
            int read = this.channel.read(buf);
            return (read < 0) ? 0 : (read == 0 && buf.hasRemaining()) ? NetError.WANT_READ.code() : read;
        }
        catch (IOException ex) {
            throw new NetException(NetError.RECV_FAILED, ex.getMessage(), ex);
        }
    }
}
