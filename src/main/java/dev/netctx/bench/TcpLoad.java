package dev.netctx.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.List;

import dev.netctx.tls.TlsConfig;
import dev.netctx.tls.TlsError;
import org.jspecify.annotations.Nullable;

/**
 * TCP load: N connections, each keeping up to K messages of S bytes in flight, every echoed byte
 * checked against what was sent. Closed-loop (the default), a connection sends its next message as
 * soon as one comes back, so the round-trip latency is measured under as much load as the client and
 * the server make together. Open-loop ({@code --rate}), the messages are sent at a fixed rate, the
 * same offered load whichever server answers, each timed from when it was due: the server's latency
 * at that load, with the client's own queueing kept out as far as it keeps the schedule
 * ({@code send_lag}). Connections are spread over the client's I/O threads, each running one selector. With a {@link TlsConfig}, each connection talks TLS: its
 * handshake is done (blocking) when it is opened, before the measured traffic.
 */
final class TcpLoad extends EchoLoad<LoadConnection, TcpLoad.StreamWorker> {

    private final @Nullable TlsConfig tls;

    private final @Nullable String serverName;

    TcpLoad(BenchOptions options, PrintStream err) {
        this(options, err, null, null);
    }

    /** A load over TLS with {@code tls} ({@code null}: plain TCP), sending {@code serverName} as SNI. */
    TcpLoad(BenchOptions options, PrintStream err, @Nullable TlsConfig tls, @Nullable String serverName) {
        super(options, err, options.connections(), "bench-tcp-", "selector failed");
        this.tls = tls;
        this.serverName = serverName;
    }

    @Override
    LoadConnection open(int id, InetSocketAddress server) throws IOException {
        return LoadConnection.open(id, server, this.options, this.payloads, this.tls, this.serverName);
    }

    @Override
    StreamWorker newWorker(List<LoadConnection> streams, InetSocketAddress server, Phases phases) {
        return new StreamWorker(streams, phases);
    }

    @Override
    Report report(String mode, List<StreamWorker> workers, Totals totals) {
        long unanswered = 0;
        for (StreamWorker worker : workers) {
            for (LoadConnection stream : worker.endpoints) {
                unanswered += stream.inFlight();
            }
        }
        Report report = new Report(mode).add("connections", this.options.connections())
            .add("in_flight", this.options.inFlight())
            .add("size", this.options.size())
            .add("seconds", totals.seconds())
            .add("mb_per_s", totals.megabytesPerSecond(this.options.size()))
            .add("msgs_per_s", totals.perSecond())
            .addLatency("rtt", totals.latency());
        addPacing(report, workers).add("failures", totals.failures()).add("unanswered", unanswered);
        return totals.failures() > 0 || unanswered > 0 ? report.fail() : report;
    }

    /**
     * One I/O thread: a selector over its share of the connections. Closed-loop (no {@code --rate}),
     * each connection starts with its window full and sends a message whenever one comes back;
     * open-loop, its messages are sent when their {@link SendSchedule} says, as long as the window
     * has room, and each is timed from when it was due.
     */
    final class StreamWorker extends EchoLoad<LoadConnection, StreamWorker>.Worker {

        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

        StreamWorker(List<LoadConnection> streams, Phases phases) {
            super(streams, phases, 100);
        }

        @Override
        void start(Selector selector) throws IOException {
            long now = System.nanoTime();
            int index = 0;
            for (LoadConnection stream : this.endpoints) {
                stream.index = index++;
                stream.key = stream.channel.register(selector, SelectionKey.OP_READ, stream);
                for (int i = 0; !paced() && i < options.inFlight(); i++) {
                    stream.queue(now);
                }
                flush(stream);
            }
        }

        @Override
        void sendDue(int index, long now) {
            LoadConnection stream = this.endpoints.get(index);
            int before = stream.out.position();
            while (stream.hasRoom() && isDue(index, stream.sent, now)) {
                long due = dueAt(index, stream.sent);
                stream.queue(due);
                sentLate(due, now);
            }
            if (stream.out.position() > before) {
                flush(stream);
            }
        }

        @Override
        void ready(SelectionKey key) {
            LoadConnection stream = (LoadConnection) key.attachment();
            if (key.isValid() && key.isReadable()) {
                read(stream);
            }
            if (key.isValid() && key.isWritable()) {
                flush(stream);
            }
        }

        private void read(LoadConnection stream) {
            while (true) {
                this.in.clear();
                int n;
                try {
                    n = (stream.tls != null) ? stream.tls.read(this.in) : stream.channel.read(this.in);
                }
                catch (IOException ex) {
                    fail(stream, "read failed: " + ex.getMessage());
                    return;
                }
                if (ended(stream, n)) {
                    fail(stream, "closed by the server with " + (stream.sent - stream.received) + " messages unanswered");
                    return;
                }
                if (n <= 0 || !verify(stream, n) || stream.tls == null) {
                    break;   // plain TCP: the selector tells when more is there; TLS: read until WANT_READ
                }
            }
            if (paced() && !stream.closed) {
                sendDue(stream.index, System.nanoTime());   // the window has room again
            }
            flush(stream);
        }

        /** Whether a read's result is the end of the stream: -1 over plain TCP, 0 or a close_notify over TLS. */
        private boolean ended(LoadConnection stream, int n) {
            if (stream.tls == null) {
                return n < 0;
            }
            return n == 0 || n == TlsError.PEER_CLOSE_NOTIFY.code();
        }

        /** Checks {@code n} bytes read into {@link #in} against what was sent; {@code false} if the stream failed. */
        private boolean verify(LoadConnection stream, int n) {
            byte[] data = this.in.array();
            int size = options.size();
            long now = System.nanoTime();
            boolean sending = !paced() && this.phases.sending(now);
            boolean measuring = this.phases.measuring(now);
            for (int i = 0; i < n;) {
                if (stream.position == 0) {
                    if (stream.received == stream.sent) {
                        fail(stream, "received bytes beyond the last message sent");
                        return false;
                    }
                    payloads.write(stream.id, stream.received, stream.expected);
                }
                int take = Math.min(size - stream.position, n - i);
                int mismatch = Arrays.mismatch(stream.expected, stream.position, stream.position + take, data, i, i + take);
                if (mismatch >= 0) {
                    fail(stream, String.format("message %d byte %d: expected 0x%02x, got 0x%02x", stream.received,
                            stream.position + mismatch, stream.expected[stream.position + mismatch], data[i + mismatch]));
                    return false;
                }
                stream.position += take;
                i += take;
                if (stream.position == size) {
                    stream.position = 0;
                    long sentAt = stream.sentAtOfReceiving();
                    if (paced() ? this.phases.measuring(sentAt) : measuring) {
                        long rtt = now - sentAt;
                        this.latency.recordValue(Math.min(rtt, this.latency.getHighestTrackableValue()));
                        this.measured++;
                    }
                    stream.received++;
                    if (sending) {
                        stream.queue(now);
                    }
                }
            }
            return true;
        }

        private void flush(LoadConnection stream) {
            boolean tlsWaiting = stream.tls != null && stream.tls.pendingOutput() > 0;
            if ((stream.out.position() == 0 && !tlsWaiting) || stream.closed) {
                return;
            }
            boolean waiting = false;
            try {
                stream.out.flip();
                if (stream.tls != null) {
                    while (stream.out.hasRemaining() && stream.tls.write(stream.out) >= 0) {
                        // records of up to 64 KiB at a time, until the socket takes no more
                    }
                    waiting = stream.tls.flush() != 0;
                }
                else {
                    stream.channel.write(stream.out);
                }
                stream.out.compact();
            }
            catch (IOException ex) {
                fail(stream, "write failed: " + ex.getMessage());
                return;
            }
            int interest = (stream.out.position() > 0 || waiting) ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
                    : SelectionKey.OP_READ;
            if (stream.key.interestOps() != interest) {
                stream.key.interestOps(interest);
            }
        }

        private void fail(LoadConnection stream, String message) {
            err.println("bench: connection " + stream.id + ": " + message);
            this.failures++;
            stream.closed = true;
            stream.key.cancel();
            try {
                stream.channel.close();
            }
            catch (IOException ex) {
                // already failing: the close error adds nothing
            }
        }
    }
}
