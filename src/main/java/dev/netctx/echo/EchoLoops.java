package dev.netctx.echo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import dev.netctx.net.NetException;

/** The {@link EchoLoop}s that echo TCP sessions, one per core; new sessions go to each in turn. */
final class EchoLoops {

    private final List<EchoLoop> loops = new ArrayList<>();

    private final AtomicInteger next = new AtomicInteger();

    /**
     * Starts {@code count} loops on {@code executor} ({@code netctx-tcp-loop-1} ...), each with a read
     * buffer of {@code bufferSize} bytes.
     * @throws NetException if a loop cannot open its poller
     */
    EchoLoops(int count, int bufferSize, Executor executor) throws NetException {
        for (int i = 1; i <= count; i++) {
            this.loops.add(new EchoLoop("netctx-tcp-loop-" + i, bufferSize));
        }
        this.loops.forEach(loop -> loop.start(executor));
    }

    /** The loop the next session goes to. */
    EchoLoop next() {
        return this.loops.get(Math.floorMod(this.next.getAndIncrement(), this.loops.size()));
    }

    /** Stops every loop (their sessions are closed by then), waiting at most {@code timeoutMillis} for each. */
    void stop(long timeoutMillis) throws InterruptedException {
        for (EchoLoop loop : this.loops) {
            loop.stop(timeoutMillis);
        }
    }
}
