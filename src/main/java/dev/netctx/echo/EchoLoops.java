package dev.netctx.echo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import dev.netctx.net.NetException;
import org.jspecify.annotations.Nullable;

/**
 * The {@link EchoLoop}s that echo TCP sessions, one per core; new sessions go to each serving loop in
 * turn (a loop that failed takes none).
 */
final class EchoLoops {

    private final List<EchoLoop> loops = new ArrayList<>();

    private final AtomicInteger next = new AtomicInteger();

    /**
     * Starts {@code count} loops on {@code executor} ({@code netctx-tcp-loop-1} ...), each with a read
     * buffer of {@code bufferSize} bytes; {@code onFailure} is told when a loop itself fails.
     * @throws NetException if a loop cannot open its poller
     */
    EchoLoops(int count, int bufferSize, EchoSessions sessions, BiConsumer<EchoLoop, Throwable> onFailure,
            Executor executor) throws NetException {
        for (int i = 1; i <= count; i++) {
            this.loops.add(new EchoLoop("netctx-tcp-loop-" + i, bufferSize, sessions, onFailure));
        }
        this.loops.forEach(loop -> loop.start(executor));
    }

    /** The loop the next session goes to, or {@code null} if every loop has failed. */
    @Nullable EchoLoop next() {
        int start = this.next.getAndIncrement();
        for (int i = 0; i < this.loops.size(); i++) {
            EchoLoop loop = this.loops.get(Math.floorMod(start + i, this.loops.size()));
            if (loop.isServing()) {
                return loop;
            }
        }
        return null;
    }

    /** Stops every loop (their sessions are closed by then), waiting at most {@code timeoutMillis} for each. */
    void stop(long timeoutMillis) throws InterruptedException {
        for (EchoLoop loop : this.loops) {
            loop.stop(timeoutMillis);
        }
    }
}
