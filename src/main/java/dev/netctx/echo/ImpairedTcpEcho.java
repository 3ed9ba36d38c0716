package dev.netctx.echo;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import dev.netctx.context.TrackedContext;
import dev.netctx.impair.Impairment;
import dev.netctx.impair.ImpairmentKind;
import dev.netctx.impair.ListenerImpairment;
import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import dev.netctx.net.NetPoller;
import dev.netctx.net.PollEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * The echo of one {@link TcpEchoSession} while its listener's impairment applies, on the session's
 * {@link EchoLoop} and never blocking it: each read is copied aside and echoed when its delay is
 * over (a timer of the loop), as fast as the session's bandwidth lets it, and the connection is
 * reset once {@code reset-after} bytes are echoed. The bytes held so count against the
 * {@link UnsentBudget} of all sessions, and the session stops reading while it holds
 * {@code buffer-size} of them (as a TCP window would), so that a delay cannot exhaust the heap.
 * Bytes keep their order: a read is never echoed before an earlier one.
 */
final class ImpairedTcpEcho {

    /** Reads per readiness, as {@link TcpEchoSession} does. */
    private static final int MAX_READS_PER_WAKEUP = 16;

    /** What a held read costs beyond its bytes (its buffer's and its entry's headers), counted with them. */
    static final int CHUNK_OVERHEAD = 64;

    private static final Set<PollEvent> NONE = EnumSet.noneOf(PollEvent.class);

    private static final Set<PollEvent> READ = EnumSet.of(PollEvent.READ);

    private static final Set<PollEvent> WRITE = EnumSet.of(PollEvent.WRITE);

    private static final Set<PollEvent> READ_WRITE = EnumSet.of(PollEvent.READ, PollEvent.WRITE);

    private final TcpEchoSession session;

    private final TrackedContext context;

    private final ListenerImpairment impairment;

    private final NetPoller.Registration registration;

    private final LoopTimers.Timer timer;

    private final int bufferSize;

    private final ArrayDeque<Chunk> pending = new ArrayDeque<>();

    /** The bytes of {@link #pending} with their overhead: what the session reserved from the budget for them. */
    private long held;

    private long lastDue;

    private @Nullable TokenBucket bucket;

    private boolean writeBlocked;

    private boolean peerClosed;

    ImpairedTcpEcho(TcpEchoSession session, TrackedContext context, ListenerImpairment impairment,
            NetPoller.Registration registration, LoopTimers timers, int bufferSize) {
        this.session = session;
        this.context = context;
        this.impairment = impairment;
        this.registration = registration;
        this.timer = timers.timer(this::onTimer);
        this.bufferSize = bufferSize;
    }

    /** Whether it holds nothing of the session: the session may echo without it again. */
    boolean isIdle() {
        return this.pending.isEmpty() && !this.peerClosed && !this.writeBlocked;
    }

    /** Called by the loop when the context is ready: reads what is there, then sends what is due. */
    void echo(NetPoller.Registration ready, ByteBuffer buffer) throws NetException {
        if (ready.isWritable()) {
            this.writeBlocked = false;
        }
        if (ready.isReadable() && !this.peerClosed && !read(buffer)) {
            return;
        }
        flush();
    }

    private void onTimer() {
        if (!this.context.isOpen() || this.pending.isEmpty()) {
            return;   // closed, or sent meanwhile (a timer left over from a wait that a readiness ended)
        }
        try {
            flush();
        }
        catch (NetException ex) {
            this.session.end(ex);
        }
        catch (Throwable ex) {
            this.registration.cancel();
            this.session.fail(ex);
        }
    }

    /** Reads and holds what the peer sent; {@code false} if the session was cut for want of budget. */
    private boolean read(ByteBuffer buffer) throws NetException {
        Impairment current = this.impairment.current();
        int limit = Math.min(this.bufferSize, buffer.capacity());
        for (int reads = 0; reads < MAX_READS_PER_WAKEUP && this.held < this.bufferSize; reads++) {
            buffer.clear().limit(limit);
            int read = this.context.recv(buffer);
            if (read == NetError.WANT_READ.code()) {
                return true;
            }
            if (read == 0) {
                this.peerClosed = true;   // what is held is still echoed, then the session closes
                return true;
            }
            if (!hold(buffer.flip(), current)) {
                return false;
            }
            if (read < limit) {
                return true;
            }
        }
        return true;
    }

    private boolean hold(ByteBuffer bytes, Impairment current) {
        int cost = bytes.remaining() + CHUNK_OVERHEAD;
        if (!this.session.reserve(cost)) {
            return false;
        }
        long now = System.nanoTime();
        long delay = current.nextDelayNanos(ThreadLocalRandom.current());
        long due = now + delay;
        if (!this.pending.isEmpty() && due - this.lastDue < 0) {
            due = this.lastDue;   // a stream keeps its order: jitter never lets a read overtake an earlier one
        }
        this.lastDue = due;
        if (delay > 0) {
            this.impairment.counted(ImpairmentKind.DELAY);
        }
        this.pending.add(new Chunk(ByteBuffer.allocate(bytes.remaining()).put(bytes).flip(), due));
        this.held += cost;
        return true;
    }

    /** Sends what is due and allowed now; schedules the timer for what is not yet. */
    private void flush() throws NetException {
        Impairment current = this.impairment.current();
        long now = System.nanoTime();
        while (!this.writeBlocked && !this.pending.isEmpty()) {
            Chunk head = this.pending.peek();
            if (head.due - now > 0) {
                this.timer.schedule(head.due);
                break;
            }
            long allowed = head.bytes.remaining();
            DataSize resetAfter = current.resetAfter();
            if (resetAfter != null) {
                long left = resetAfter.toBytes() - this.context.bytesSent();
                if (left <= 0) {
                    reset(resetAfter);
                    return;
                }
                allowed = Math.min(allowed, left);
            }
            TokenBucket bucket = bucket(current, now);
            if (bucket != null) {
                long tokens = bucket.available(now);
                if (tokens <= 0) {
                    this.impairment.counted(ImpairmentKind.BANDWIDTH);
                    this.timer.schedule(now + bucket.nanosUntil(allowed));
                    break;
                }
                allowed = Math.min(allowed, tokens);
            }
            int written = send(head.bytes, (int) allowed);
            if (bucket != null) {
                bucket.consume(written);
            }
            long freed = written + (head.bytes.hasRemaining() ? 0 : CHUNK_OVERHEAD);
            if (!head.bytes.hasRemaining()) {
                this.pending.poll();
            }
            this.held -= freed;
            this.session.giveBack(freed);
            this.writeBlocked = written < allowed;
            if (resetAfter != null && this.context.bytesSent() >= resetAfter.toBytes()) {
                reset(resetAfter);
                return;
            }
        }
        if (this.peerClosed && this.pending.isEmpty()) {
            this.session.close("peer closed");
            return;
        }
        boolean reading = !this.peerClosed && this.held < this.bufferSize;
        this.registration.interest(reading ? (this.writeBlocked ? READ_WRITE : READ) : (this.writeBlocked ? WRITE : NONE));
    }

    /** The session's bucket for the current bandwidth, or {@code null} without a cap; a new one when the cap changed. */
    private @Nullable TokenBucket bucket(Impairment current, long now) {
        DataSize bandwidth = current.bandwidth();
        if (bandwidth == null) {
            this.bucket = null;
        }
        else if (this.bucket == null || this.bucket.rate() != bandwidth.toBytes()) {
            this.bucket = new TokenBucket(bandwidth.toBytes(), now);
        }
        return this.bucket;
    }

    /** Sends up to {@code max} bytes of {@code bytes}, as many as the socket takes now. */
    private int send(ByteBuffer bytes, int max) throws NetException {
        int start = bytes.position();
        int limit = bytes.limit();
        bytes.limit(start + max);
        try {
            while (bytes.hasRemaining() && this.context.send(bytes) != NetError.WANT_WRITE.code()) {
                // the socket took some: offer it the rest
            }
        }
        finally {
            bytes.limit(limit);
        }
        return bytes.position() - start;
    }

    private void reset(DataSize resetAfter) {
        this.impairment.counted(ImpairmentKind.RESET);
        this.session.reset("reset-after: " + this.context.bytesSent() + " of " + resetAfter.toBytes() + " B echoed");
    }

    /** One read held back, and when it is due ({@link System#nanoTime()}). */
    private record Chunk(ByteBuffer bytes, long due) {
    }
}
