package dev.netctx.bench;

import java.io.IOException;

/**
 * When an open-loop load's messages are due: one I/O thread's share of {@code --rate}, spread evenly
 * over its streams, round-robin. Message {@code k} of the thread goes to stream {@code k % streams}
 * and is due {@code k / perSecond} seconds after the start, so the intended time of any message is
 * computed from its stream and sequence number, with nothing stored. A message is timed from its
 * intended time, not from when it was written: a server that stalls, so that the stream's window is
 * full when the next one falls due, is charged for the wait (no coordinated omission, as wrk2 and
 * HdrHistogram put it).
 */
final class SendSchedule {

    private final long start;

    private final double nanosPerMessage;

    private final int streams;

    /** The messages found due so far, over all streams: message {@code next} is the next to fall due. */
    private long next;

    /**
     * @param start when message 0 is due, in {@link System#nanoTime()} units
     * @param perSecond messages a second over all {@code streams}, above 0
     */
    SendSchedule(long start, double perSecond, int streams) {
        this.start = start;
        this.nanosPerMessage = 1e9 / perSecond;
        this.streams = streams;
    }

    /** The intended time of message {@code seq} of the stream at {@code index}. */
    long dueAt(int index, long seq) {
        return this.start + (long) ((seq * this.streams + index) * this.nanosPerMessage);
    }

    /**
     * Tells {@code stream} the index of every stream with a message that has fallen due since the
     * last call, each stream once at most (a stream sends all its due messages when told).
     */
    void fallenDue(long now, DueStream stream) throws IOException {
        long due = Math.max(this.next, (long) Math.floor((now - this.start) / this.nanosPerMessage) + 1);
        for (long k = Math.max(this.next, due - this.streams); k < due; k++) {
            stream.due((int) (k % this.streams));
        }
        this.next = due;
    }

    /** Nanoseconds from {@code now} until the next message falls due (0 or less: one is due). */
    long nanosUntilNext(long now) {
        return this.start + (long) (this.next * this.nanosPerMessage) - now;
    }

    /** Told the index of a stream with a message due. */
    @FunctionalInterface
    interface DueStream {

        void due(int index) throws IOException;
    }
}
