package dev.netctx.context;

import java.util.concurrent.TimeUnit;

/**
 * The received and sent byte counters of one context or listener, sampled by {@link ContextSampler}
 * once a second, and the rates over the last {@value #SECONDS} samples. Only the sampler writes the
 * samples; the rates are read from any thread. Nothing here runs on the data path.
 */
final class RateWindow {

    /** The seconds the rates are averaged over. */
    static final int SECONDS = 5;

    private static final int SLOTS = SECONDS + 1;

    /** {@code SLOTS} samples of (nanoTime, received, sent), one array for a small footprint per context. */
    private final long[] samples = new long[SLOTS * 3];

    private int next;

    private int count;

    private volatile long rateIn;

    private volatile long rateOut;

    /** A window whose first sample is zero bytes at {@code startNanos}. */
    RateWindow(long startNanos) {
        store(startNanos, 0, 0);
    }

    /** Records the counters at {@code nanos} and updates the rates. */
    void sample(long nanos, long received, long sent) {
        store(nanos, received, sent);
        int oldest = ((this.next - this.count + SLOTS) % SLOTS) * 3;
        long elapsed = nanos - this.samples[oldest];
        if (elapsed > 0) {
            this.rateIn = perSecond(received - this.samples[oldest + 1], elapsed);
            this.rateOut = perSecond(sent - this.samples[oldest + 2], elapsed);
        }
    }

    /** Bytes received per second over the window, as of the last sample. */
    long rateIn() {
        return this.rateIn;
    }

    /** Bytes sent per second over the window, as of the last sample. */
    long rateOut() {
        return this.rateOut;
    }

    static long perSecond(long bytes, long elapsedNanos) {
        return (elapsedNanos > 0) ? Math.max(0, Math.round(bytes * (double) TimeUnit.SECONDS.toNanos(1) / elapsedNanos)) : 0;
    }

    private void store(long nanos, long received, long sent) {
        int slot = this.next * 3;
        this.samples[slot] = nanos;
        this.samples[slot + 1] = received;
        this.samples[slot + 2] = sent;
        this.next = (this.next + 1) % SLOTS;
        this.count = Math.min(this.count + 1, SLOTS);
    }
}
