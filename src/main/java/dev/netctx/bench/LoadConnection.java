package dev.netctx.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import dev.netctx.tls.TlsConfig;
import dev.netctx.tls.TlsContext;
import org.jspecify.annotations.Nullable;

/**
 * One connection of a {@link TcpLoad}: what it sent, what came back, where in a message it is, and
 * when each message in flight was sent (or, in an open-loop run, was due).
 */
final class LoadConnection implements EchoLoad.Endpoint {

    final int id;

    final SocketChannel channel;

    /** Its TLS session, or {@code null} over plain TCP. */
    final @Nullable TlsContext tls;

    /** Messages queued and not yet written. */
    final ByteBuffer out;

    /** The message being received, as it should be. */
    final byte[] expected;

    private final long[] sentAt;

    private final Payloads payloads;

    SelectionKey key;

    /** Its place among its I/O thread's connections, for the {@link SendSchedule}. */
    int index;

    long sent;

    long received;

    /** Bytes of the message being received that have arrived. */
    int position;

    boolean closed;

    /**
     * Connects to {@code server} (non-blocking, no Nagle) and, with {@code tls}, completes a TLS
     * handshake on the connection first, sending {@code serverName} as SNI.
     */
    static LoadConnection open(int id, InetSocketAddress server, BenchOptions options, Payloads payloads,
            @Nullable TlsConfig tls, @Nullable String serverName) throws IOException {
        SocketChannel channel = connect(server, options.timeout());
        if (tls == null) {
            return new LoadConnection(id, channel, null, options.inFlight(), payloads);
        }
        try {
            return new LoadConnection(id, channel, handshake(channel, tls, serverName), options.inFlight(), payloads);
        }
        catch (IOException ex) {
            channel.close();
            throw new IOException("TLS handshake with " + server + " failed: " + ex.getMessage(), ex);
        }
    }

    private static SocketChannel connect(InetSocketAddress server, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(server, (int) timeout.toMillis());
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            return channel;
        }
        catch (IOException ex) {
            channel.close();
            throw new IOException("cannot connect to " + server + ": " + ex.getMessage(), ex);
        }
    }

    /** The TLS session of a new connection, its handshake done while the channel blocks. */
    private static TlsContext handshake(SocketChannel channel, TlsConfig tls, @Nullable String serverName) throws IOException {
        TlsContext session = new TlsContext(tls);
        session.setBio(new ChannelBio(channel));
        session.setHostname(serverName);
        channel.configureBlocking(true);
        if (session.handshake() != 0) {
            throw new IOException("the handshake did not finish");
        }
        channel.configureBlocking(false);
        return session;
    }

    private LoadConnection(int id, SocketChannel channel, @Nullable TlsContext tls, int inFlight, Payloads payloads) {
        this.id = id;
        this.channel = channel;
        this.tls = tls;
        this.payloads = payloads;
        this.out = ByteBuffer.allocate(inFlight * payloads.size());
        this.expected = new byte[payloads.size()];
        this.sentAt = new long[inFlight];
    }

    /** Queues the next message, timed from {@code time}: now, or when it was due. */
    void queue(long time) {
        this.payloads.write(this.id, this.sent, this.out);
        this.sentAt[(int) (this.sent % this.sentAt.length)] = time;
        this.sent++;
    }

    /** When the message being received was sent (or due). */
    long sentAtOfReceiving() {
        return this.sentAt[(int) (this.received % this.sentAt.length)];
    }

    /** Messages sent and not yet echoed whole. */
    long inFlight() {
        return this.sent - this.received;
    }

    /** Whether another message fits in its window of {@code --in-flight}. */
    boolean hasRoom() {
        return this.sent - this.received < this.sentAt.length;
    }

    @Override
    public Channel channel() {
        return this.channel;
    }

    @Override
    public boolean done() {
        return this.closed || this.sent == this.received;
    }

    @Override
    public long nextSequence() {
        return this.sent;
    }

    @Override
    public boolean failed() {
        return this.closed;
    }
}
