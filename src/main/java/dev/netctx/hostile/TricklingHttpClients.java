package dev.netctx.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * HTTP clients that never finish their request header: each sends a request line and then one
 * header byte per {@link #trickle()}, for ever, the way a slowloris attack does. One selector, no
 * thread of its own: the caller paces {@link #trickle()} and asks {@link #poll(long)} which connections
 * the server closed. A closed client is opened again by {@link #reopenClosed()}, so that the
 * pressure stays at the configured count. Used by {@link SlowHttpCheck} and by the tests.
 */
public final class TricklingHttpClients implements AutoCloseable {

    private static final byte[] REQUEST_START = "GET /api/contexts HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Trickle: "
        .getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress target;

    private final Selector selector;

    private final ByteBuffer readBuffer = ByteBuffer.allocate(4_096);

    private long closedByServer;

    private long opened;

    private int wanted;

    private int live;

    /** Opens {@code count} clients to {@code target} (connections complete in the background). */
    public TricklingHttpClients(InetSocketAddress target, int count) throws IOException {
        this.target = target;
        this.selector = Selector.open();
        this.wanted = count;
        reopenClosed();
    }

    /** Connections the server closed so far (end of stream or reset). */
    public long closedByServer() {
        return this.closedByServer;
    }

    /** Connections opened so far, the first ones included. */
    public long opened() {
        return this.opened;
    }

    /** Clients now open or connecting. */
    public int open() {
        return this.live;
    }

    /** Opens clients until {@code count} are open or connecting again. */
    public void reopenClosed() throws IOException {
        while (this.live < this.wanted) {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            channel.connect(this.target);
            channel.register(this.selector, SelectionKey.OP_CONNECT | SelectionKey.OP_READ, ByteBuffer.wrap(REQUEST_START));
            this.opened++;
            this.live++;
        }
    }

    /** Sends the next byte (the request line and headers first) on every connected client. */
    public void trickle() {
        for (SelectionKey key : this.selector.keys()) {
            SocketChannel channel = (SocketChannel) key.channel();
            if (!key.isValid() || !channel.isConnected()) {
                continue;
            }
            ByteBuffer pending = (ByteBuffer) key.attachment();
            try {
                if (pending.hasRemaining()) {
                    channel.write(pending);
                }
                else {
                    channel.write(ByteBuffer.wrap(new byte[] { 'a' }));
                }
            }
            catch (IOException ex) {
                closed(key);
            }
        }
    }

    /**
     * Completes connections and notes the ones the server closed, waiting up to {@code millis} for
     * the first event (0: not at all).
     */
    public void poll(long millis) throws IOException {
        if (millis > 0) {
            this.selector.select(millis);
        }
        else {
            this.selector.selectNow();
        }
        for (SelectionKey key : this.selector.selectedKeys()) {
            SocketChannel channel = (SocketChannel) key.channel();
            try {
                if (key.isConnectable() && channel.finishConnect()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
                else if (key.isReadable()) {
                    this.readBuffer.clear();
                    if (channel.read(this.readBuffer) < 0) {
                        closed(key);
                    }
                }
            }
            catch (IOException ex) {
                closed(key);
            }
        }
        this.selector.selectedKeys().clear();
    }

    private void closed(SelectionKey key) {
        this.closedByServer++;
        this.live--;
        key.cancel();
        try {
            key.channel().close();
        }
        catch (IOException ex) {
            // closing a socket the server already ended
        }
    }

    @Override
    public void close() {
        this.wanted = 0;
        for (SelectionKey key : this.selector.keys()) {
            try {
                key.channel().close();
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        try {
            this.selector.close();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
