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
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.netctx.footprint.ProcessStatus;
import dev.netctx.tls.TlsConfig;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Connection scale: C TCP connections opened at a bounded rate, each echoing one message, all held
 * open together while the server's resident memory is read from {@code /proc/<pid>/status}, then
 * closed. The memory is read before the first connection too, once the server has had
 * {@code --warmup} to settle, so that what each connection adds can be told. A connection that
 * fails (refused, reset, timed out, out of file descriptors) is counted, not fatal; a wrong echo is
 * a verification failure. One selector thread drives them all, their TLS handshakes too when they
 * talk TLS: then what each held connection costs the server includes its TLS session.
 */
final class ConnectionScale {

    private final BenchOptions options;

    private final Payloads payloads;

    private final PrintStream err;

    private final ByteBuffer in;

    private final @Nullable TlsConfig tls;

    private final @Nullable String serverName;

    private final Histogram latency = Report.latencyHistogram();

    private long failed;

    private long mismatched;

    /**
     * @param tls the client configuration when the connections talk TLS (each one's full handshake
     * is part of its opening), {@code null} for plain TCP
     * @param serverName the SNI sent over TLS
     */
    ConnectionScale(BenchOptions options, PrintStream err, @Nullable TlsConfig tls, @Nullable String serverName) {
        this.options = options;
        this.payloads = new Payloads(options.size(), options.seed());
        this.err = err;
        this.in = ByteBuffer.allocate(options.size() + 1);
        this.tls = tls;
        this.serverName = serverName;
    }

    Report run(String mode) throws IOException, InterruptedException {
        InetSocketAddress server = new InetSocketAddress(this.options.host(), this.options.port());
        int total = this.options.connections();
        List<ScaleConnection> held = new ArrayList<>(total);
        List<ScaleConnection> pending = new ArrayList<>();
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
                    step((ScaleConnection) key.attachment(), key, held);
                }
                selector.selectedKeys().clear();
                if (now >= nextSweep) {
                    sweep(pending, now);
                    nextSweep = now + TimeUnit.MILLISECONDS.toNanos(100);
                }
            }
            double openSeconds = (System.nanoTime() - start) / 1e9;
            for (ScaleConnection connection : pending) {
                this.failed++;
                connection.close();
            }
            Thread.sleep(this.options.hold().toMillis());
            long rssKb = statusField("VmRSS");
            long threads = statusField("Threads");
            long closeStart = System.nanoTime();
            for (ScaleConnection connection : held) {
                connection.close();
            }
            double closeSeconds = (System.nanoTime() - closeStart) / 1e9;
            Report report = new Report(mode).add("connections", total)
                .add("tls", (this.tls != null) ? 1 : 0)
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
            for (ScaleConnection connection : held) {
                connection.close();
            }
            for (ScaleConnection connection : pending) {
                connection.close();
            }
        }
    }

    private void open(int id, InetSocketAddress server, Selector selector, List<ScaleConnection> pending, long now) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer message = ByteBuffer.allocate(this.options.size());
            this.payloads.write(id, 0, message);
            ScaleConnection connection = new ScaleConnection(id, channel, now, message.flip(), this.tls, this.serverName);
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

    private void step(ScaleConnection connection, SelectionKey key, List<ScaleConnection> held) {
        try {
            switch (connection.step(key, this.in)) {
                case WAITING -> {
                    return;
                }
                case ECHOED -> {
                    this.latency.recordValue(Math.min(System.nanoTime() - connection.openedAt,
                            this.latency.getHighestTrackableValue()));
                    held.add(connection);
                }
                case MISMATCHED -> {
                    if (this.mismatched++ == 0) {
                        this.err.println("bench: connection " + connection.id + ": echo differs at byte "
                                + connection.mismatchAt());
                    }
                    connection.close();
                }
            }
        }
        catch (IOException ex) {
            countFailure("connection " + connection.id + ": " + ex.getMessage());
            connection.close();
        }
        connection.done = true;
    }

    /** Drops finished connections from the pending list and fails those past the timeout. */
    private void sweep(List<ScaleConnection> pending, long now) {
        for (Iterator<ScaleConnection> it = pending.iterator(); it.hasNext();) {
            ScaleConnection connection = it.next();
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
}
