package dev.netctx.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP relay between one client and a server that drops the first {@code n} datagrams each way
 * and passes the rest: a deterministic loss, for tests of a DTLS handshake's retransmissions.
 */
final class DroppingRelay implements AutoCloseable {

    private final DatagramChannel front;

    private final DatagramChannel back;

    private final Selector selector;

    private final Thread thread;

    private final AtomicInteger toServer = new AtomicInteger();

    private final AtomicInteger toClient = new AtomicInteger();

    private final int drops;

    private volatile SocketAddress client;

    DroppingRelay(InetSocketAddress server, int drops) throws IOException {
        this.drops = drops;
        this.front = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        this.back = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)).connect(server);
        this.front.configureBlocking(false);
        this.back.configureBlocking(false);
        this.selector = Selector.open();
        this.front.register(this.selector, SelectionKey.OP_READ);
        this.back.register(this.selector, SelectionKey.OP_READ);
        this.thread = new Thread(this::relay, "dropping-relay");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Where the client sends to. */
    int port() throws IOException {
        return ((InetSocketAddress) this.front.getLocalAddress()).getPort();
    }

    /** Datagrams that came from the client, dropped ones included. */
    int fromClient() {
        return this.toServer.get();
    }

    /** Datagrams that came from the server, dropped ones included. */
    int fromServer() {
        return this.toClient.get();
    }

    private void relay() {
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        try {
            while (this.selector.isOpen()) {
                this.selector.select(100);
                for (SelectionKey key : this.selector.selectedKeys()) {
                    boolean towardsServer = key.channel() == this.front;
                    SocketAddress source;
                    while ((source = ((DatagramChannel) key.channel()).receive(buf.clear())) != null) {
                        buf.flip();
                        if (towardsServer) {
                            this.client = source;
                            if (this.toServer.getAndIncrement() >= this.drops) {
                                this.back.write(buf);
                            }
                        }
                        else if (this.toClient.getAndIncrement() >= this.drops && this.client != null) {
                            this.front.send(buf, this.client);
                        }
                    }
                }
                this.selector.selectedKeys().clear();
            }
        }
        catch (IOException | RuntimeException ex) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        this.selector.close();
        this.front.close();
        this.back.close();
        try {
            this.thread.join(5000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
