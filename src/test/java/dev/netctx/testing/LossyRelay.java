package dev.netctx.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A UDP relay between one client and a server that loses, duplicates and reorders datagrams, for
 * DTLS tests. What happens to each datagram is an {@link Impairment}'s choice: {@link #random} (seeded,
 * so that a failing run shows its seed and can be repeated) or a scripted one such as
 * {@link #dropToClient}. {@link #trace()} tells what the relay did with each datagram and its records.
 */
public final class LossyRelay implements AutoCloseable {

    private final DatagramChannel front;

    private final DatagramChannel back;

    private final Selector selector;

    private final Impairment impairment;

    private final Thread thread;

    private final AtomicLong dropped = new AtomicLong();

    private final AtomicLong duplicated = new AtomicLong();

    private final AtomicLong reordered = new AtomicLong();

    private final List<String> trace = new CopyOnWriteArrayList<>();

    private volatile SocketAddress client;

    /** A relay to {@code server} with {@link #random} impairments. */
    public LossyRelay(InetSocketAddress server, long seed, double drop, double duplicate, double reorder) throws IOException {
        this(server, random(seed, drop, duplicate, reorder));
    }

    public LossyRelay(InetSocketAddress server, Impairment impairment) throws IOException {
        this.impairment = impairment;
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

    /** What becomes of a datagram. */
    public enum Fate {
        PASS,
        DROP,
        /** Sent twice. */
        DUPLICATE,
        /** Held back and sent after the next datagram of its direction. */
        HOLD
    }

    /** Chooses each datagram's fate, on the relay's thread. */
    @FunctionalInterface
    public interface Impairment {

        Fate next(boolean towardsServer, byte[] datagram);
    }

    /**
     * Each datagram is dropped with probability {@code drop}, else held back with probability
     * {@code reorder}, else sent twice with probability {@code duplicate}. Never more than two drops in
     * a row in one direction, so that a handshake with retransmissions completes. Each direction
     * draws from a {@link Random} of its own, seeded from {@code seed}.
     */
    public static Impairment random(long seed, double drop, double duplicate, double reorder) {
        Random towardsServer = new Random(seed);
        Random towardsClient = new Random(~seed);
        int[] dropsInARow = new int[2];
        return (toServer, datagram) -> {
            int direction = toServer ? 0 : 1;
            double dice = (toServer ? towardsServer : towardsClient).nextDouble();
            if (dice < drop) {
                if (dropsInARow[direction] < 2) {
                    dropsInARow[direction]++;
                    return Fate.DROP;
                }
                dice = drop; // a third drop in a row passes instead
            }
            dropsInARow[direction] = 0;
            if (dice < drop + reorder) {
                return Fate.HOLD;
            }
            return (dice > 1 - duplicate) ? Fate.DUPLICATE : Fate.PASS;
        };
    }

    /** Drops the first {@code count} datagrams to the client that {@code which} matches; passes all others. */
    public static Impairment dropToClient(int count, Predicate<byte[]> which) {
        int[] left = { count };
        return (toServer, datagram) -> {
            if (!toServer && left[0] > 0 && which.test(datagram)) {
                left[0]--;
                return Fate.DROP;
            }
            return Fate.PASS;
        };
    }

    /** Drops the first {@code count} datagrams each way and passes the rest: a deterministic loss of each side's first flights. */
    public static Impairment dropFirst(int count) {
        int[] left = { count, count };
        return (toServer, datagram) -> {
            int direction = toServer ? 0 : 1;
            if (left[direction] > 0) {
                left[direction]--;
                return Fate.DROP;
            }
            return Fate.PASS;
        };
    }

    /** How many datagrams came from the client so far, whatever became of them. */
    public long fromClient() {
        return this.trace.stream().filter(line -> line.startsWith("C->S ")).count();
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

    /** What the relay did with each datagram so far, in order: direction, fate, records ({@link DtlsRecords}). */
    public List<String> trace() {
        return List.copyOf(this.trace);
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

    /** One direction's datagrams. */
    private final class Direction {

        private final boolean towardsServer;

        private byte[] held;

        Direction(boolean towardsServer) {
            this.towardsServer = towardsServer;
        }

        void pass(byte[] datagram) throws IOException {
            Fate fate = LossyRelay.this.impairment.next(this.towardsServer, datagram);
            if (fate == Fate.HOLD && this.held != null) {
                fate = Fate.PASS; // one held back at a time
            }
            log(fate, datagram);
            switch (fate) {
                case DROP -> LossyRelay.this.dropped.incrementAndGet();
                case HOLD -> {
                    this.held = datagram;
                    LossyRelay.this.reordered.incrementAndGet();
                }
                case DUPLICATE -> {
                    send(datagram);
                    send(datagram);
                    LossyRelay.this.duplicated.incrementAndGet();
                }
                case PASS -> send(datagram);
            }
            if (fate != Fate.HOLD && fate != Fate.DROP && this.held != null) {
                byte[] late = this.held;
                this.held = null;
                send(late);
            }
        }

        private void log(Fate fate, byte[] datagram) {
            LossyRelay.this.trace.add((this.towardsServer ? "C->S " : "S->C ") + fate.name().toLowerCase()
                    + " " + DtlsRecords.describe(datagram));
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
