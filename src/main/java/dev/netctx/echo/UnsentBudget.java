package dev.netctx.echo;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that all TCP sessions together hold because their peers have not read their echo yet,
 * bounded by {@code netctx.max-unsent}: a session whose unsent rest does not fit is cut, so that
 * slow or stalled readers cannot exhaust the heap that every session shares.
 */
final class UnsentBudget {

    private final long limit;

    private final AtomicLong held = new AtomicLong();

    UnsentBudget(long limit) {
        this.limit = limit;
    }

    /** Reserves {@code bytes}; {@code false} (nothing reserved) if they would exceed the limit. */
    boolean tryReserve(long bytes) {
        long now;
        do {
            now = this.held.get();
            if (now + bytes > this.limit) {
                return false;
            }
        }
        while (!this.held.compareAndSet(now, now + bytes));
        return true;
    }

    /** Gives back bytes reserved earlier. */
    void release(long bytes) {
        this.held.addAndGet(-bytes);
    }

    /** The bytes held now. */
    long held() {
        return this.held.get();
    }

    /** The most bytes that may be held. */
    long limit() {
        return this.limit;
    }
}
