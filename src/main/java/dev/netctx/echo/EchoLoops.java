package dev.netctx.echo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import dev.netctx.net.NetException;

/**
 * The {@link EchoLoop}s that echo TCP sessions, one per core; new sessions go to each serving loop in
 * turn (a loop that failed takes none).
 */
final class EchoLoops {

    private final List<EchoLoop> loops = new ArrayList<>();

    private final AtomicInteger next = new AtomicInteger();

    /**
     * Starts {@code count} loops, each with a read buffer of {@code bufferSize} bytes.
     * @throws NetException if a loop cannot open its poller
     */
    EchoLoops(int count, int bufferSize, EchoSessions sessions, BiConsumer<EchoLoop, Throwable> onFailure)
            throws NetException {
        for (int i = 0; i < count; i++) {
            this.loops.add(new EchoLoop("netctx-echo-loop-" + i, bufferSize, sessions, onFailure));
        }
        this.loops.forEach(EchoLoop::start);
    }

    /** The loop the next session goes to, or {@code null} if every loop has failed. */
    EchoLoop next() {
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
