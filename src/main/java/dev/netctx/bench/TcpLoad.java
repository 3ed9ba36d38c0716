package dev.netctx.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;

import dev.netctx.tls.TlsConfig;
import dev.netctx.tls.TlsContext;
import dev.netctx.tls.TlsError;
import org.jspecify.annotations.Nullable;

/**
 * TCP load: N connections, each keeping K messages of S bytes in flight, every echoed byte checked
 * against what was sent. A connection sends its next message as soon as one comes back, so the
 * round-trip latency is measured under that load. Connections are spread over the client's I/O
 * threads, each running one selector. With a {@link TlsConfig}, each connection talks TLS: its
 * handshake is done (blocking) when it is opened, before the measured traffic.
 */
final class TcpLoad extends EchoLoad<TcpLoad.Stream, TcpLoad.StreamWorker> {

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
    Stream open(int id, InetSocketAddress server) throws IOException {
        SocketChannel channel = connect(server);
        if (this.tls == null) {
            return new Stream(id, channel, null);
        }
        try {
            return new Stream(id, channel, handshake(channel));
        }
        catch (IOException ex) {
            channel.close();
            throw new IOException("TLS handshake with " + server + " failed: " + ex.getMessage(), ex);
        }
    }

    /** The TLS session of a new connection, its handshake done while the channel blocks. */
    private TlsContext handshake(SocketChannel channel) throws IOException {
        TlsContext session = new TlsContext(this.tls);
        session.setBio(new ChannelBio(channel));
        session.setHostname(this.serverName);
        channel.configureBlocking(true);
        if (session.handshake() != 0) {
            throw new IOException("the handshake did not finish");
        }
        channel.configureBlocking(false);
        return session;
    }

    private SocketChannel connect(InetSocketAddress server) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(server, (int) this.options.timeout().toMillis());
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            return channel;
        }
        catch (IOException ex) {
            channel.close();
            throw new IOException("cannot connect to " + server + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    StreamWorker newWorker(List<Stream> streams, InetSocketAddress server, Phases phases) {
        return new StreamWorker(streams, phases);
    }

    @Override
    Report report(String mode, List<StreamWorker> workers, Totals totals) {
        long unanswered = 0;
        for (StreamWorker worker : workers) {
            for (Stream stream : worker.endpoints) {
                unanswered += stream.sent - stream.received;
            }
        }
        Report report = new Report(mode).add("connections", this.options.connections())
            .add("in_flight", this.options.inFlight())
            .add("size", this.options.size())
            .add("seconds", totals.seconds())
            .add("mb_per_s", totals.megabytesPerSecond(this.options.size()))
            .add("msgs_per_s", totals.perSecond())
            .addLatency("rtt", totals.latency())
            .add("failures", totals.failures())
            .add("unanswered", unanswered);
        return totals.failures() > 0 || unanswered > 0 ? report.fail() : report;
    }

    /** One connection's state: what it sent, what came back, and where in a message it is. */
    final class Stream implements EchoLoad.Endpoint {

        final int id;

        final SocketChannel channel;

        /** Its TLS session, or {@code null} over plain TCP. */
        final @Nullable TlsContext tls;

        final ByteBuffer out;

        final byte[] expected;

        final long[] sentAt;

        SelectionKey key;

        long sent;

        long received;

        int position;

        boolean closed;

        Stream(int id, SocketChannel channel, @Nullable TlsContext tls) {
            this.id = id;
            this.channel = channel;
            this.tls = tls;
            this.out = ByteBuffer.allocate(options.inFlight() * options.size());
            this.expected = new byte[options.size()];
            this.sentAt = new long[options.inFlight()];
        }

        void queue(long now) {
            payloads.write(this.id, this.sent, this.out);
            this.sentAt[(int) (this.sent % this.sentAt.length)] = now;
            this.sent++;
        }

        @Override
        public Channel channel() {
            return this.channel;
        }

        @Override
        public boolean done() {
            return this.closed || this.sent == this.received;
        }
    }

    /** One I/O thread: a selector over its share of the connections. */
    final class StreamWorker extends EchoLoad<Stream, StreamWorker>.Worker {

        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

        StreamWorker(List<Stream> streams, Phases phases) {
            super(streams, phases, 100);
        }

        @Override
        void start(Selector selector) throws IOException {
            long now = System.nanoTime();
            for (Stream stream : this.endpoints) {
                stream.key = stream.channel.register(selector, SelectionKey.OP_READ, stream);
                for (int i = 0; i < options.inFlight(); i++) {
                    stream.queue(now);
                }
                flush(stream);
            }
        }

        @Override
        void ready(SelectionKey key) {
            Stream stream = (Stream) key.attachment();
            if (key.isValid() && key.isReadable()) {
                read(stream);
            }
            if (key.isValid() && key.isWritable()) {
                flush(stream);
            }
        }

        private void read(Stream stream) {
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
            flush(stream);
        }

        /** Whether a read's result is the end of the stream: -1 over plain TCP, 0 or a close_notify over TLS. */
        private boolean ended(Stream stream, int n) {
            if (stream.tls == null) {
                return n < 0;
            }
            return n == 0 || n == TlsError.PEER_CLOSE_NOTIFY.code();
        }

        /** Checks {@code n} bytes read into {@link #in} against what was sent; {@code false} if the stream failed. */
        private boolean verify(Stream stream, int n) {
            byte[] data = this.in.array();
            int size = options.size();
            long now = System.nanoTime();
            boolean sending = this.phases.sending(now);
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
                    if (measuring) {
                        long rtt = now - stream.sentAt[(int) (stream.received % stream.sentAt.length)];
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

        private void flush(Stream stream) {
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

        private void fail(Stream stream, String message) {
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
