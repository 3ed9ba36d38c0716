package dev.netctx.echo;

import java.nio.ByteBuffer;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.DropReason;
import dev.netctx.impair.Impairment;
import dev.netctx.impair.ImpairmentKind;
import dev.netctx.impair.ListenerImpairment;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * The impairment of one UDP listener's answers, on the listener's thread and never blocking it:
 * datagrams are dropped, duplicated, held back behind the peer's next one, limited to the session's
 * bandwidth (those beyond it are not answered, as a policer does), and delayed in a queue whose
 * deadlines bound the thread's wait for the next datagram. The queue holds at most
 * {@value #MAX_HELD_DATAGRAMS} datagrams and {@value #MAX_HELD_BYTES} bytes: a datagram that would
 * exceed it is not answered, counted as dropped ({@code impairment-backlog}).
 */
final class DatagramImpairment {

    /** Most datagrams held back at once by one listener. */
    static final int MAX_HELD_DATAGRAMS = 4096;

    /** Most bytes of datagrams held back at once by one listener (4 MiB). */
    static final long MAX_HELD_BYTES = 4L * 1024 * 1024;

    /** How long a datagram held back for {@code reorder} waits for the peer's next datagram, beyond its delay. */
    static final long REORDER_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ListenerImpairment impairment;

    private final PriorityQueue<Held> queue = new PriorityQueue<>((a, b) -> (a.due != b.due)
            ? Long.compare(a.due - b.due, 0) : Long.compare(a.sequence, b.sequence));

    private long heldBytes;

    private long sequence;

    DatagramImpairment(ListenerImpairment impairment) {
        this.impairment = impairment;
    }

    /** Whether datagrams are impaired now: if not, they are answered at once, as without it. */
    boolean isActive() {
        return this.impairment.isActive();
    }

    /** How long the listener's thread may wait for the next datagram: until the next held one is due, negative for ever. */
    long pollTimeoutMillis(long nowNanos) {
        Held next = this.queue.peek();
        if (next == null) {
            return -1;
        }
        long wait = next.due - nowNanos;
        return (wait <= 0) ? 0 : (wait + 999_999) / 1_000_000;
    }

    /** Answers {@code datagram} of {@code session} as the current impairment says: now, later, twice or not at all. */
    void echo(UdpEchoSession session, ByteBuffer datagram) {
        Impairment current = this.impairment.current();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long now = System.nanoTime();
        if (Impairment.happens(current.drop(), random)) {
            this.impairment.counted(ImpairmentKind.DROP);
            return;
        }
        if (!withinBandwidth(session, current.bandwidth(), datagram.remaining(), now)) {
            this.impairment.counted(ImpairmentKind.BANDWIDTH);
            return;
        }
        int copies = 1;
        if (Impairment.happens(current.duplicate(), random)) {
            this.impairment.counted(ImpairmentKind.DUPLICATE);
            copies = 2;
        }
        long delay = current.nextDelayNanos(random);
        if (delay > 0) {
            this.impairment.counted(ImpairmentKind.DELAY);
        }
        Held behind = session.heldBack;
        if (behind == null && Impairment.happens(current.reorder(), random)) {
            this.impairment.counted(ImpairmentKind.REORDER);
            session.heldBack = hold(session, datagram, now + delay + REORDER_WAIT_NANOS, copies);
            return;
        }
        if (delay == 0) {
            answer(session, datagram, copies);
        }
        else if (hold(session, datagram, now + delay, copies) == null) {
            return;
        }
        if (behind != null) {
            // the datagram held back goes right after this one
            session.heldBack = null;
            behind.cancelled = true;
            this.queue.add(new Held(now + delay, this.sequence++, session, behind.bytes, behind.copies));
        }
    }

    /** Answers every held datagram that is due at {@code nowNanos}. */
    void runDue(long nowNanos) {
        Held next;
        while ((next = this.queue.peek()) != null && next.due - nowNanos <= 0) {
            this.queue.poll();
            if (next.cancelled) {
                continue;
            }
            this.heldBytes -= next.bytes.length;
            UdpEchoSession session = next.session;
            if (session.heldBack == next) {
                session.heldBack = null;
            }
            if (session.isOpen()) {
                try {
                    answer(session, ByteBuffer.wrap(next.bytes), next.copies);
                }
                catch (Throwable ex) {
                    session.fail(ex);
                }
            }
        }
    }

    private boolean withinBandwidth(UdpEchoSession session, @Nullable DataSize bandwidth, int size, long now) {
        if (bandwidth == null) {
            session.bucket = null;
            return true;
        }
        if (session.bucket == null || session.bucket.rate() != bandwidth.toBytes()) {
            session.bucket = new TokenBucket(bandwidth.toBytes(), now);
        }
        if (session.bucket.available(now) <= 0) {
            return false;
        }
        session.bucket.consume(size);
        return true;
    }

    private static void answer(UdpEchoSession session, ByteBuffer datagram, int copies) {
        for (int i = 1; i < copies; i++) {
            session.sendReply(datagram.duplicate());
        }
        session.sendReply(datagram);
    }

    /** Holds a copy of {@code datagram} until {@code due}; {@code null} (dropped and counted) if the queue is full. */
    private @Nullable Held hold(UdpEchoSession session, ByteBuffer datagram, long due, int copies) {
        int size = datagram.remaining();
        if (this.queue.size() >= MAX_HELD_DATAGRAMS || this.heldBytes + size > MAX_HELD_BYTES) {
            session.context.dropped(DropReason.IMPAIRMENT_BACKLOG);
            return null;
        }
        byte[] bytes = new byte[size];
        datagram.get(bytes);
        Held held = new Held(due, this.sequence++, session, bytes, copies);
        this.queue.add(held);
        this.heldBytes += size;
        return held;
    }

    /** A datagram held back, to be answered {@code copies} times when due ({@link System#nanoTime()}). */
    static final class Held {

        private final long due;

        private final long sequence;

        private final UdpEchoSession session;

        private final byte[] bytes;

        private final int copies;

        /** Replaced by an entry that answers it sooner (after the peer's next datagram). */
        private boolean cancelled;

        private Held(long due, long sequence, UdpEchoSession session, byte[] bytes, int copies) {
            this.due = due;
            this.sequence = sequence;
            this.session = session;
            this.bytes = bytes;
            this.copies = copies;
        }
    }
}
