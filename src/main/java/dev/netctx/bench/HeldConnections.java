package dev.netctx.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * TCP connections to an echo server held open while something else is measured, opened at a
 * bounded rate, and one of them kept busy: it echoes {@value #BUSY_MESSAGES_PER_SECOND} messages a
 * second on its own thread, so that a sort by rate or bytes has a clear first without the echo
 * taking the CPU that the measurement needs. A connection that cannot be opened is counted, not
 * fatal.
 */
final class HeldConnections implements Closeable {

    /** The pace of the busy connection. */
    static final int BUSY_MESSAGES_PER_SECOND = 100;

    private final List<SocketChannel> channels;

    private final int failed;

    private final AtomicLong busyBytes = new AtomicLong();

    private volatile boolean closed;

    private @Nullable Thread busy;

    private HeldConnections(List<SocketChannel> channels, int failed) {
        this.channels = channels;
        this.failed = failed;
    }

    /** Opens {@code count} connections (those not open by the deadline count as failed) to {@code server}, at most {@code perSecond} a second, each within {@code timeout}. */
    static HeldConnections open(InetSocketAddress server, int count, int perSecond, Duration timeout, PrintStream err)
            throws InterruptedException {
        List<SocketChannel> channels = new ArrayList<>(count);
        int failed = 0;
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(count / perSecond + 1) + timeout.toNanos();
        for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
            long due = start + TimeUnit.SECONDS.toNanos(i) / perSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            try {
                SocketChannel channel = SocketChannel.open();
                channels.add(channel);
                channel.socket().connect(server, (int) timeout.toMillis());
            }
            catch (IOException ex) {
                if (failed++ < 5) {
                    err.println("bench: connection " + i + " could not be opened: " + ex.getMessage());
                }
                closeQuietly(channels.remove(channels.size() - 1));
            }
        }
        return new HeldConnections(channels, count - channels.size());
    }

    int established() {
        return this.channels.size();
    }

    int failed() {
        return this.failed;
    }

    /** The local port of the busy connection: the server sees it as the peer's port. */
    int busyPort() {
        return this.channels.get(0).socket().getLocalPort();
    }

    /** Bytes the busy connection has had echoed so far. */
    long busyBytes() {
        return this.busyBytes.get();
    }

    /** Starts echoing {@code size}-byte messages on the first connection until {@link #close}. */
    void startBusy(int size) {
        SocketChannel channel = this.channels.get(0);
        this.busy = new Thread(() -> {
            ByteBuffer out = ByteBuffer.allocate(size);
            ByteBuffer in = ByteBuffer.allocate(size);
            long start = System.nanoTime();
            try {
                for (long sent = 0; !this.closed; sent++) {
                    long wait = start + TimeUnit.SECONDS.toNanos(sent) / BUSY_MESSAGES_PER_SECOND - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    out.clear();
                    while (out.hasRemaining()) {
                        channel.write(out);
                    }
                    in.clear();
                    while (in.hasRemaining()) {
                        if (channel.read(in) < 0) {
                            return;
                        }
                    }
                    this.busyBytes.addAndGet(size);
                }
            }
            catch (IOException ex) {
                // closed by close(), or the server went away: the figures say how much was echoed
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, "bench-busy-connection");
        this.busy.setDaemon(true);
        this.busy.start();
    }

    @Override
    public void close() {
        this.closed = true;
        this.channels.forEach(HeldConnections::closeQuietly);
        if (this.busy != null) {
            try {
                this.busy.join(TimeUnit.SECONDS.toMillis(5));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
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
