package dev.netctx.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * A warning that may occur thousands of times a second (a failing session, a refused connection)
 * written at most once an interval: the first at once, then one an interval at most, each by the one
 * thread that wins the right to write it, so that a flood of events cannot flood the log. An event
 * that is not written costs a clock read and an atomic read or two; its message is never built.
 * Writing never fails the caller, out of memory included.
 */
public final class RateLimitedLog {

    private final Log log;

    private final long intervalNanos;

    private final LongSupplier clock;

    /** When the next line may be written (at first: at once). */
    private final AtomicLong nextLineAt;

    /** When the previous line was written (at first: when this log was made). */
    private volatile long lastLineAt;

    private final AtomicLong suppressed = new AtomicLong();

    /** Writes to {@code log} at most once every {@code interval}. */
    public RateLimitedLog(Log log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    RateLimitedLog(Log log, Duration interval, LongSupplier clock) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        long now = clock.getAsLong();
        this.nextLineAt = new AtomicLong(now);
        this.lastLineAt = now;
    }

    /**
     * Writes {@code message} as a warning now, followed by how many more were not written since the
     * previous line, or counts it for the next line if one was written within the interval.
     */
    public void warn(Supplier<String> message) {
        warnSince((elapsed) -> {
            long more = this.suppressed.getAndSet(0);
            return message.get() + ((more > 0) ? " (and " + more + " more like it since the last such line)" : "");
        });
    }

    /**
     * Writes the warning that {@code line} makes of the nanoseconds since the previous line (or since
     * this log was made) now, unless a line was written within the interval; a summary of what the
     * caller counted itself in that time. Nothing is written if {@code line} answers {@code null}.
     */
    public void warnSince(LongFunction<@Nullable String> line) {
        long now = this.clock.getAsLong();
        long next = this.nextLineAt.get();
        if (now - next < 0 || !this.nextLineAt.compareAndSet(next, now + this.intervalNanos)) {
            this.suppressed.incrementAndGet();
            return;
        }
        long elapsed = now - this.lastLineAt;
        this.lastLineAt = now;
        if (!this.log.isWarnEnabled()) {
            return;
        }
        try {
            String message = line.apply(elapsed);
            if (message != null) {
                this.log.warn(message);
            }
        }
        catch (VirtualMachineError ex) {
            // out of memory while writing it: the warning is lost, the caller goes on
        }
    }
}
