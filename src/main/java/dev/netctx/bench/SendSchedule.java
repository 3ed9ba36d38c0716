package dev.netctx.bench;

import java.io.IOException;

/**
 * When an open-loop load's messages are due: one I/O thread's share of {@code --rate}, spread evenly
 * over its streams, round-robin, in ticks. Message {@code k} of the thread goes to stream
 * {@code k % streams} and falls due {@code k / perSecond} seconds after the start, rounded up to the
 * next tick: each tick, the messages of that tick are sent together, as wrk2 sends at millisecond
 * timers. A tick of a millisecond is what a selector's timeout can wait for, and it keeps both sides
 * from waking once per message, which on two shared cores would measure the wake-ups more than the
 * echo. The intended time of any message is computed from its stream and sequence number, with
 * nothing stored, and a message is timed from it, not from when it was written: a server that
 * stalls, so that the stream's window is full when the next one falls due, is charged for the wait
 * (no coordinated omission, as wrk2 and HdrHistogram put it).
 */
final class SendSchedule {

    /** The tick of the bench's open-loop loads: a selector waits in whole milliseconds. */
    static final long TICK_NANOS = 1_000_000;

    private final long start;

    private final double nanosPerMessage;

    private final int streams;

    private final long tickNanos;

    /** The messages found due so far, over all streams: message {@code next} is the next to fall due. */
    private long next;

    /**
     * @param start when message 0 is due, in {@link System#nanoTime()} units
     * @param perSecond messages a second over all {@code streams}, above 0
     * @param tickNanos the tick the due times are rounded up to, 1 or more
     */
    SendSchedule(long start, double perSecond, int streams, long tickNanos) {
        this.start = start;
        this.nanosPerMessage = 1e9 / perSecond;
        this.streams = streams;
        this.tickNanos = tickNanos;
    }

    /** The intended time of message {@code seq} of the stream at {@code index}. */
    long dueAt(int index, long seq) {
        return due(seq * this.streams + index);
    }

    /**
     * Tells {@code stream} the index of every stream with a message that has fallen due since the
     * last call, each stream once at most (a stream sends all its due messages when told).
     */
    void fallenDue(long now, DueStream stream) throws IOException {
        long due = Math.max(this.next, dueBy(now));
        for (long k = Math.max(this.next, due - this.streams); k < due; k++) {
            stream.due((int) (k % this.streams));
        }
        this.next = due;
    }

    /** Nanoseconds from {@code now} until the next message falls due (0 or less: one is due). */
    long nanosUntilNext(long now) {
        return due(this.next) - now;
    }

    /** How many messages of all streams are due by {@code now}. */
    private long dueBy(long now) {
        if (now < this.start) {
            return 0;
        }
        long count = (long) ((now - this.start) / this.tickNanos * this.tickNanos / this.nanosPerMessage) + 1;
        while (count > 0 && due(count - 1) > now) {
            count--;   // the rounding of the estimate
        }
        while (due(count) <= now) {
            count++;
        }
        return count;
    }

    /** When message {@code k} of all streams is due: its time at the rate, rounded up to the tick. */
    private long due(long k) {
        long exact = (long) (k * this.nanosPerMessage);
        return this.start + (exact + this.tickNanos - 1) / this.tickNanos * this.tickNanos;
    }

    /** Told the index of a stream with a message due. */
    @FunctionalInterface
    interface DueStream {

        void due(int index) throws IOException;
    }
}
