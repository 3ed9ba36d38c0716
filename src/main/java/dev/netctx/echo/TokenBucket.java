package dev.netctx.echo;

/**
 * A token bucket of bytes for one session's {@code impairment.bandwidth}, refilled at {@code rate}
 * bytes per second up to a tenth of a second's worth: what the session may send now. Owned by the
 * thread that serves the session.
 */
final class TokenBucket {

    private final long rate;

    private final double burst;

    private double tokens;

    private long lastNanos;

    TokenBucket(long bytesPerSecond, long nowNanos) {
        this.rate = bytesPerSecond;
        this.burst = Math.max(1, bytesPerSecond / 10.0);
        this.tokens = this.burst;
        this.lastNanos = nowNanos;
    }

    /** The rate it refills at, bytes per second. */
    long rate() {
        return this.rate;
    }

    /** The bytes that may be sent now; negative while a datagram larger than the bucket is paid off. */
    long available(long nowNanos) {
        long elapsed = nowNanos - this.lastNanos;
        if (elapsed > 0) {
            this.tokens = Math.min(this.burst, this.tokens + elapsed * (this.rate / 1e9));
            this.lastNanos = nowNanos;
        }
        return (long) Math.floor(this.tokens);
    }

    /** Takes {@code bytes} sent (a datagram may take more than there are). */
    void consume(long bytes) {
        this.tokens -= bytes;
    }

    /** How long until {@code bytes} (at most a bucket's worth) may be sent, from the last {@link #available}. */
    long nanosUntil(long bytes) {
        double missing = Math.min(bytes, this.burst) - this.tokens;
        return (missing <= 0) ? 0 : (long) Math.ceil(missing * 1e9 / this.rate);
    }
}
