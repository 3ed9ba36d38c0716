package dev.netctx.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay between one client and a server that loses, duplicates and reorders datagrams, for
 * DTLS tests: each datagram is dropped with probability {@code drop}, sent twice with probability
 * {@code duplicate}, or held back and sent after the next one with probability {@code reorder}.
 * Bounded: never more than two drops in a row in one direction, so that a handshake with
 * retransmissions completes. Seeded, so that a failing run can be repeated.
 */
public final class LossyRelay implements AutoCloseable {

    private static final int MAX_DROPS_IN_A_ROW = 2;

    private final DatagramChannel front;

    private final DatagramChannel back;

    private final Selector selector;

    private final Random random;

    private final double drop;

    private final double duplicate;

    private final double reorder;

    private final Thread thread;

    private final AtomicLong dropped = new AtomicLong();

    private final AtomicLong duplicated = new AtomicLong();

    private final AtomicLong reordered = new AtomicLong();

    private volatile SocketAddress client;

    public LossyRelay(InetSocketAddress server, long seed, double drop, double duplicate, double reorder) throws IOException {
        this.random = new Random(seed);
        this.drop = drop;
        this.duplicate = duplicate;
        this.reorder = reorder;
        this.front = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        this.back = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)).connect(server);
        this.front.configureBlocking(false);
        this.back.configureBlocking(false);
        this.selector = Selector.open();
        this.front.register(this.selector, SelectionKey.OP_READ, new Direction(true));
        this.back.register(this.selector, SelectionKey.OP_READ, new Direction(false));
        this.thread = new Thread(this::relay, "lossy-relay");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Where the client sends to. */
    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) this.front.getLocalAddress();
    }

    public long dropped() {
        return this.dropped.get();
    }

    public long duplicated() {
        return this.duplicated.get();
    }

    public long reordered() {
        return this.reordered.get();
    }

    private void relay() {
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        try {
            while (this.selector.isOpen()) {
                this.selector.select(100);
                for (SelectionKey key : this.selector.selectedKeys()) {
                    Direction direction = (Direction) key.attachment();
                    DatagramChannel from = (DatagramChannel) key.channel();
                    SocketAddress source;
                    while ((source = from.receive(buf.clear())) != null) {
                        if (direction.towardsServer) {
                            this.client = source;
                        }
                        buf.flip();
                        byte[] datagram = new byte[buf.remaining()];
                        buf.get(datagram);
                        direction.pass(datagram);
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

    /** One direction's impairments. */
    private final class Direction {

        private final boolean towardsServer;

        private int dropsInARow;

        private byte[] held;

        Direction(boolean towardsServer) {
            this.towardsServer = towardsServer;
        }

        void pass(byte[] datagram) throws IOException {
            double dice = LossyRelay.this.random.nextDouble();
            if (dice < LossyRelay.this.drop && this.dropsInARow < MAX_DROPS_IN_A_ROW) {
                this.dropsInARow++;
                LossyRelay.this.dropped.incrementAndGet();
                return;
            }
            this.dropsInARow = 0;
            if (this.held == null && dice < LossyRelay.this.drop + LossyRelay.this.reorder) {
                this.held = datagram;
                LossyRelay.this.reordered.incrementAndGet();
                return;
            }
            send(datagram);
            if (dice > 1 - LossyRelay.this.duplicate) {
                send(datagram);
                LossyRelay.this.duplicated.incrementAndGet();
            }
            if (this.held != null) {
                byte[] late = this.held;
                this.held = null;
                send(late);
            }
        }

        private void send(byte[] datagram) throws IOException {
            if (this.towardsServer) {
                LossyRelay.this.back.write(ByteBuffer.wrap(datagram));
            }
            else if (LossyRelay.this.client != null) {
                LossyRelay.this.front.send(ByteBuffer.wrap(datagram), LossyRelay.this.client);
            }
        }
    }
}
