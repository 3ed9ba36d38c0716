package dev.netctx.context;

/**
 * A listener's throughput, one value per {@link ContextSampler} tick (a second), over the last
 * {@value #SECONDS} seconds: bounded memory however long the service runs. Only the sampler writes;
 * {@link #snapshot} may be called from any thread and sees whole ticks.
 */
final class ThroughputHistory {

    /** How far back the history goes, in seconds (five minutes). */
    static final int SECONDS = 300;

    private final long[] in = new long[SECONDS];

    private final long[] out = new long[SECONDS];

    private int next;

    private int count;

    private long lastNanos;

    private long lastReceived;

    private long lastSent;

    ThroughputHistory(long startNanos) {
        this.lastNanos = startNanos;
    }

    /** Records the bytes per second since the previous sample. */
    synchronized void sample(long nanos, long received, long sent) {
        long elapsed = nanos - this.lastNanos;
        if (elapsed <= 0) {
            return;
        }
        this.in[this.next] = RateWindow.perSecond(received - this.lastReceived, elapsed);
        this.out[this.next] = RateWindow.perSecond(sent - this.lastSent, elapsed);
        this.next = (this.next + 1) % SECONDS;
        this.count = Math.min(this.count + 1, SECONDS);
        this.lastNanos = nanos;
        this.lastReceived = received;
        this.lastSent = sent;
    }

    /** The history of listener {@code name}, oldest first. */
    synchronized ListenerThroughput snapshot(String name) {
        long[] inCopy = new long[this.count];
        long[] outCopy = new long[this.count];
        int first = (this.next - this.count + SECONDS) % SECONDS;
        for (int i = 0; i < this.count; i++) {
            inCopy[i] = this.in[(first + i) % SECONDS];
            outCopy[i] = this.out[(first + i) % SECONDS];
        }
        return new ListenerThroughput(name, 1, inCopy, outCopy);
    }
}
