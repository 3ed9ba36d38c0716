package dev.netctx.echo;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;

/**
 * A warning that may occur thousands of times a second (a failing session, say) logged at most once
 * per interval, with how many times it occurred since the last line: a flood of failures cannot
 * flood the log.
 */
final class ThrottledLog {

    private final Log log;

    private final long intervalNanos;

    private final AtomicLong nextAtNanos = new AtomicLong(System.nanoTime());

    private final AtomicLong suppressed = new AtomicLong();

    ThrottledLog(Log log, long interval, TimeUnit unit) {
        this.log = log;
        this.intervalNanos = unit.toNanos(interval);
    }

    /** Logs {@code message} as a warning now, or counts it for the next line if one was logged within the interval. */
    void warn(Supplier<String> message) {
        long now = System.nanoTime();
        long next = this.nextAtNanos.get();
        if (now - next < 0 || !this.nextAtNanos.compareAndSet(next, now + this.intervalNanos)) {
            this.suppressed.incrementAndGet();
            return;
        }
        long more = this.suppressed.getAndSet(0);
        this.log.warn(message.get() + ((more > 0) ? " (and " + more + " more like it since the last such line)" : ""));
    }
}
