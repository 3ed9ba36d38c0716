package dev.netctx.echo;

import java.util.PriorityQueue;

import org.jspecify.annotations.Nullable;

/**
 * The timers of one event loop's thread: a deadline queue that the loop checks on each turn, its poll
 * bounded by the next deadline, as Netty's event loops keep their scheduled tasks. Owned by that
 * thread only. Each {@link Timer} is in the queue at most once for its current deadline, so the
 * queue holds about one entry per session that waits for one (a timer moved earlier leaves its old
 * entry behind, which is skipped when it comes due).
 */
final class LoopTimers {

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> Long.compare(a.deadline - b.deadline, 0));

    /** How long the loop may wait for readiness, at most {@code maxMillis}: {@code 0} when a timer is due. */
    long pollTimeoutMillis(long nowNanos, long maxMillis) {
        Entry next = this.queue.peek();
        if (next == null) {
            return maxMillis;
        }
        long waitNanos = next.deadline - nowNanos;
        if (waitNanos <= 0) {
            return 0;
        }
        return Math.min(maxMillis, (waitNanos + 999_999) / 1_000_000);
    }

    /** Runs every timer that is due at {@code nowNanos}; one that schedules itself again runs on a later turn. */
    void runDue(long nowNanos) {
        int due = this.queue.size();
        Entry next;
        while (due-- > 0 && (next = this.queue.peek()) != null && next.deadline - nowNanos <= 0) {
            this.queue.poll();
            Timer timer = next.timer;
            if (timer.entry == next) {
                timer.entry = null;
                timer.action.run();
            }
        }
    }

    /** A timer of this loop, such as one session's: runs its action once per {@link #schedule}. */
    Timer timer(Runnable action) {
        return new Timer(action);
    }

    /** One timer: scheduled at most once at a time, at its earliest requested deadline. */
    final class Timer {

        private final Runnable action;

        private @Nullable Entry entry;

        private Timer(Runnable action) {
            this.action = action;
        }

        /** Runs the action at {@code deadlineNanos} ({@link System#nanoTime()}), or earlier if it is already due sooner. */
        void schedule(long deadlineNanos) {
            if (this.entry != null && this.entry.deadline - deadlineNanos <= 0) {
                return;
            }
            this.entry = new Entry(deadlineNanos, this);
            LoopTimers.this.queue.add(this.entry);
        }
    }

    private record Entry(long deadline, Timer timer) {
    }
}
