package dev.netctx.echo;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket per source address: each source may send {@code burst} datagrams at once and
 * {@code rate} per second on average. The table of sources is bounded: when it is full, sources whose
 * bucket has refilled (idle at least {@code burst / rate} seconds, so that forgetting them changes
 * nothing) are evicted, at most once per refill time; if none can be, a new source is refused until
 * one can. A flood of spoofed addresses therefore costs a bounded table, never unbounded memory.
 */
final class SourceRateLimiter {

    private final double tokensPerNano;

    private final int burst;

    private final int maxSources;

    private final long refillNanos;

    private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    private volatile long lastEvictionNanos;

    /**
     * @param rate datagrams per second each source may send on average, more than 0
     * @param burst datagrams a source may send at once, at least 1
     * @param maxSources the most sources tracked at once, at least 1
     * @param nowNanos the current {@link System#nanoTime()}
     */
    SourceRateLimiter(int rate, int burst, int maxSources, long nowNanos) {
        this.tokensPerNano = rate / (double) TimeUnit.SECONDS.toNanos(1);
        this.burst = burst;
        this.maxSources = maxSources;
        this.refillNanos = (long) Math.ceil(burst / this.tokensPerNano);
        this.lastEvictionNanos = nowNanos - this.refillNanos;
    }

    /** Takes a token for one datagram from {@code source}; {@code false} if it has none left. */
    boolean tryAcquire(InetAddress source, long nowNanos) {
        Bucket bucket = this.buckets.get(source);
        if (bucket == null) {
            if (this.buckets.size() >= this.maxSources && !evictRefilled(nowNanos)) {
                return false;
            }
            bucket = this.buckets.computeIfAbsent(source, key -> new Bucket(this.burst, nowNanos));
        }
        return bucket.tryTake(nowNanos);
    }

    /** The number of sources tracked now. */
    int sources() {
        return this.buckets.size();
    }

    private boolean evictRefilled(long nowNanos) {
        if (nowNanos - this.lastEvictionNanos >= this.refillNanos) {
            this.lastEvictionNanos = nowNanos;
            this.buckets.values().removeIf(bucket -> bucket.isFull(nowNanos));
        }
        return this.buckets.size() < this.maxSources;
    }

    private final class Bucket {

        private double tokens;

        private long updatedNanos;

        Bucket(double tokens, long nowNanos) {
            this.tokens = tokens;
            this.updatedNanos = nowNanos;
        }

        synchronized boolean tryTake(long nowNanos) {
            refill(nowNanos);
            if (this.tokens < 1) {
                return false;
            }
            this.tokens--;
            return true;
        }

        synchronized boolean isFull(long nowNanos) {
            refill(nowNanos);
            return this.tokens >= SourceRateLimiter.this.burst;
        }

        private void refill(long nowNanos) {
            long elapsed = nowNanos - this.updatedNanos;
            if (elapsed > 0) {
                this.tokens = Math.min(SourceRateLimiter.this.burst, this.tokens + elapsed * SourceRateLimiter.this.tokensPerNano);
                this.updatedNanos = nowNanos;
            }
        }
    }
}
