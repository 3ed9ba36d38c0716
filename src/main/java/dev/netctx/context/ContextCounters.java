package dev.netctx.context;

import dev.netctx.net.NetError;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link TrackedContext} counts: the bytes it moved, when they last moved, and their rates,
 * each also added to its listener's statistics, and the failures, refusals, cuts, drops and
 * handshakes that only its listener counts (a client context has no listener). Counting bytes costs
 * a few plain writes per call: one thread receives and one thread sends at a time, so each counter
 * has a single writer; any thread reads them.
 */
final class ContextCounters {

    /** The listener's statistics; {@code null} for a client context. */
    private final @Nullable ListenerStats stats;

    private final RateWindow rates;

    private volatile long lastActivityNanos;

    private volatile long bytesReceived;

    private volatile long bytesSent;

    ContextCounters(long openedNanos, @Nullable ListenerStats stats) {
        this.stats = stats;
        this.rates = new RateWindow(openedNanos);
        this.lastActivityNanos = openedNanos;
    }

    /** Counts {@code bytes} received (zero too: an empty datagram or the end of a stream is activity). */
    void received(int bytes) {
        this.lastActivityNanos = System.nanoTime();
        this.bytesReceived += bytes;
        if (this.stats != null) {
            this.stats.received(bytes);
        }
    }

    /** Counts {@code bytes} sent. */
    void sent(int bytes) {
        this.lastActivityNanos = System.nanoTime();
        this.bytesSent += bytes;
        if (this.stats != null) {
            this.stats.sent(bytes);
        }
    }

    /** Stamps activity that moved no bytes (a listener admitted a session). */
    void touch() {
        this.lastActivityNanos = System.nanoTime();
    }

    /** Samples the byte counters for the rates (called by {@link ContextSampler}'s thread only). */
    void sample(long nanos) {
        this.rates.sample(nanos, this.bytesReceived, this.bytesSent);
    }

    long bytesReceived() {
        return this.bytesReceived;
    }

    long bytesSent() {
        return this.bytesSent;
    }

    long rateIn() {
        return this.rates.rateIn();
    }

    long rateOut() {
        return this.rates.rateOut();
    }

    long lastActivityNanos() {
        return this.lastActivityNanos;
    }

    void failed(NetError error) {
        if (this.stats != null) {
            this.stats.failed(error);
        }
    }

    void dropped(DropReason reason) {
        if (this.stats != null) {
            this.stats.countDropped(reason);
        }
    }

    void refused(RefusalReason reason) {
        if (this.stats != null) {
            this.stats.countRefused(reason);
        }
    }

    void cut(CutReason reason) {
        if (this.stats != null) {
            this.stats.countCut(reason);
        }
    }

    void handshakeCompleted(long nanos) {
        if (this.stats != null) {
            this.stats.handshakeCompleted(nanos);
        }
    }

    void handshakeFailed(HandshakeResult result) {
        if (this.stats != null) {
            this.stats.handshakeFailed(result);
        }
    }
}
