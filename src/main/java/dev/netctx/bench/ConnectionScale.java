package dev.netctx.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.netctx.footprint.ProcessStatus;
import org.HdrHistogram.Histogram;

/**
 * Connection scale: C TCP connections opened at a bounded rate, each echoing one message, all held
 * open together while the server's resident memory is read from {@code /proc/<pid>/status}, then
 * closed. The memory is read before the first connection too, once the server has had
 * {@code --warmup} to settle, so that what each connection adds can be told. A connection that
 * fails (refused, reset, timed out, out of file descriptors) is counted, not fatal; a wrong echo is
 * a verification failure. One selector thread drives them all.
 */
final class ConnectionScale {

    private final BenchOptions options;

    private final Payloads payloads;

    private final PrintStream err;

    private final ByteBuffer in;

    private final byte[] expected;

    private final Histogram latency = Report.latencyHistogram();

    private long failed;

    private long mismatched;

    ConnectionScale(BenchOptions options, PrintStream err) {
        this.options = options;
        this.payloads = new Payloads(options.size(), options.seed());
        this.err = err;
        this.in = ByteBuffer.allocate(options.size() + 1);
        this.expected = new byte[options.size()];
    }

    Report run(String mode) throws IOException, InterruptedException {
        InetSocketAddress server = new InetSocketAddress(this.options.host(), this.options.port());
        int total = this.options.connections();
        List<Connection> held = new ArrayList<>(total);
        List<Connection> pending = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            // a server that has just opened its port may still be starting: let it settle first
            Thread.sleep(this.options.warmup().toMillis());
            long idleRssKb = statusField("VmRSS");
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(total / this.options.rate() + 1)
                    + this.options.timeout().toNanos();
            int opened = 0;
            long nextSweep = start;
            while ((opened < total || !pending.isEmpty()) && System.nanoTime() < deadline) {
                long now = System.nanoTime();
                long due = Math.min(total, (now - start) * this.options.rate() / TimeUnit.SECONDS.toNanos(1) + 1);
                for (; opened < due; opened++) {
                    open(opened, server, selector, pending, now);
                }
                selector.select(1);
                for (SelectionKey key : selector.selectedKeys()) {
                    step((Connection) key.attachment(), key, held);
                }
                selector.selectedKeys().clear();
                if (now >= nextSweep) {
                    sweep(pending, now);
                    nextSweep = now + TimeUnit.MILLISECONDS.toNanos(100);
                }
            }
            double openSeconds = (System.nanoTime() - start) / 1e9;
            for (Connection connection : pending) {
                this.failed++;
                connection.close();
            }
            Thread.sleep(this.options.hold().toMillis());
            long rssKb = statusField("VmRSS");
            long threads = statusField("Threads");
            long closeStart = System.nanoTime();
            for (Connection connection : held) {
                connection.close();
            }
            double closeSeconds = (System.nanoTime() - closeStart) / 1e9;
            Report report = new Report(mode).add("connections", total)
                .add("rate", this.options.rate())
                .add("established", held.size())
                .add("failed", this.failed)
                .add("mismatched", this.mismatched)
                .add("open_seconds", openSeconds)
                .addLatency("connect_echo", this.latency)
                .add("server_rss_idle_mb", idleRssKb / 1024.0)
                .add("server_rss_mb", rssKb / 1024.0)
                .add("server_rss_per_connection_kb", perConnectionKib(idleRssKb, rssKb, held.size()))
                .add("server_threads", threads)
                .add("close_seconds", closeSeconds);
            return this.mismatched > 0 ? report.fail() : report;
        }
        finally {
            for (Connection connection : held) {
                connection.close();
            }
            for (Connection connection : pending) {
                connection.close();
            }
        }
    }

    private void open(int id, InetSocketAddress server, Selector selector, List<Connection> pending, long now) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection connection = new Connection(id, channel, now);
            pending.add(connection);
            boolean connected = channel.connect(server);
            channel.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT,
                    connection);
        }
        catch (IOException ex) {
            countFailure("connection " + id + " could not be opened: " + ex.getMessage());
            if (channel != null) {
                pending.removeIf(c -> c.id == id);
                closeQuietly(channel);
            }
        }
    }

    private void step(Connection connection, SelectionKey key, List<Connection> held) {
        try {
            if (key.isConnectable()) {
                connection.channel.finishConnect();
                key.interestOps(SelectionKey.OP_WRITE);
            }
            else if (key.isWritable()) {
                ByteBuffer message = ByteBuffer.allocate(this.options.size());
                this.payloads.write(connection.id, 0, message);
                connection.channel.write(message.flip());
                if (message.hasRemaining()) {
                    throw new IOException("a " + this.options.size() + "-byte message did not fit the socket buffer");
                }
                key.interestOps(SelectionKey.OP_READ);
            }
            else if (key.isReadable()) {
                int size = this.options.size();
                this.in.clear().limit(size - connection.received + 1);
                int n = connection.channel.read(this.in);
                if (n < 0) {
                    throw new IOException("closed by the server before its echo");
                }
                this.payloads.write(connection.id, 0, this.expected);
                int mismatch = connection.received + n > size ? size - connection.received
                        : Arrays.mismatch(this.expected, connection.received, connection.received + n, this.in.array(), 0, n);
                if (mismatch >= 0) {
                    if (this.mismatched++ == 0) {
                        this.err.println("bench: connection " + connection.id + ": echo differs at byte "
                                + (connection.received + mismatch));
                    }
                    connection.close();
                    connection.done = true;
                    return;
                }
                connection.received += n;
                if (connection.received == size) {
                    this.latency.recordValue(Math.min(System.nanoTime() - connection.openedAt,
                            this.latency.getHighestTrackableValue()));
                    key.interestOps(0);
                    held.add(connection);
                    connection.done = true;
                }
            }
        }
        catch (IOException ex) {
            countFailure("connection " + connection.id + ": " + ex.getMessage());
            connection.close();
            connection.done = true;
        }
    }

    /** Drops finished connections from the pending list and fails those past the timeout. */
    private void sweep(List<Connection> pending, long now) {
        for (Iterator<Connection> it = pending.iterator(); it.hasNext();) {
            Connection connection = it.next();
            if (connection.done) {
                it.remove();
            }
            else if (now - connection.openedAt > this.options.timeout().toNanos()) {
                countFailure("connection " + connection.id + ": no echo within " + this.options.timeout());
                connection.close();
                it.remove();
            }
        }
    }

    private void countFailure(String message) {
        if (this.failed++ < 5) {
            this.err.println("bench: " + message);
        }
    }

    /** What the held connections added to the server's RSS, per connection (-1 without a server pid or a connection). */
    private static double perConnectionKib(long idleRssKb, long rssKb, int held) {
        return (idleRssKb < 0 || rssKb < 0 || held == 0) ? -1 : (rssKb - idleRssKb) / (double) held;
    }

    /** A numeric field (kB for memory) of the server's {@code /proc/<pid>/status} (-1 when there is no server pid). */
    private long statusField(String field) throws IOException {
        if (this.options.serverPid() <= 0) {
            return -1;
        }
        return ProcessStatus.of(this.options.serverPid())
            .field(field)
            .orElseThrow(() -> new IOException("no " + field + " in /proc/" + this.options.serverPid() + "/status"));
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        }
        catch (IOException ex) {
            // nothing left to release
        }
    }

    /** One connection: opened, connected, its message sent, its echo read. */
    private static final class Connection {

        final int id;

        final SocketChannel channel;

        final long openedAt;

        int received;

        boolean done;

        Connection(int id, SocketChannel channel, long openedAt) {
            this.id = id;
            this.channel = channel;
            this.openedAt = openedAt;
        }

        void close() {
            closeQuietly(this.channel);
        }
    }
}
