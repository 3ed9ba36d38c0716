package dev.netctx.echo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Peers that write and never read their echo: each writes until its writes have stalled for a while
 * (the server stopped reading it, holding the echo it could not send) or the server cut it. Bounded
 * in time.
 */
final class StalledReaders implements AutoCloseable {

    private static final Duration STALLED_FOR = Duration.ofMillis(50);

    private final List<SocketChannel> channels = new ArrayList<>();

    private final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);

    /** Opens {@code count} more stalled peers from {@code source} ({@code null}: any), writing for at most {@code within}. */
    void add(int count, InetAddress source, InetSocketAddress server, Duration within) throws IOException {
        List<SocketChannel> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            if (source != null) {
                channel.bind(new InetSocketAddress(source, 0));
            }
            channel.connect(server);
            channel.configureBlocking(false);
            this.channels.add(channel);
            batch.add(channel);
        }
        long deadline = System.nanoTime() + within.toNanos();
        long[] lastWrite = new long[batch.size()];
        boolean[] done = new boolean[batch.size()];
        int remaining = batch.size();
        while (remaining > 0 && System.nanoTime() < deadline) {
            for (int i = 0; i < batch.size(); i++) {
                if (done[i]) {
                    continue;
                }
                long now = System.nanoTime();
                try {
                    if (batch.get(i).write(this.chunk.clear()) > 0 || lastWrite[i] == 0) {
                        lastWrite[i] = now;
                    }
                    else if (now - lastWrite[i] > STALLED_FOR.toNanos()) {
                        done[i] = true;
                        remaining--;
                    }
                }
                catch (IOException ex) {
                    done[i] = true;   // reset: the server cut this peer
                    remaining--;
                }
            }
        }
    }

    int size() {
        return this.channels.size();
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel channel : this.channels) {
            channel.close();
        }
        this.channels.clear();
    }
}
