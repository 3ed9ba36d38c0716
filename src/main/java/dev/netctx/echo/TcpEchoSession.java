package dev.netctx.echo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.netctx.context.CutReason;
import dev.netctx.context.TrackedContext;
import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import dev.netctx.net.NetPoller;
import dev.netctx.net.NetProtocol;
import dev.netctx.net.PollEvent;

/**
 * Echoes one TCP connection on an {@link EchoLoop}: every byte read is sent back, byte-exact and in
 * order. When the peer does not read its echo fast enough, the unsent rest is kept and the session
 * stops reading until it is sent: a slow reader holds at most one buffer, and since no byte moves,
 * the idle timeout ends it. What all sessions hold so together is bounded by their {@link UnsentBudget}:
 * a session whose rest does not fit is cut. It reads and writes through its {@link EchoStream}: the
 * connection itself, or TLS over it (whose handshake runs first, a step per readiness).
 */
final class TcpEchoSession extends EchoSession {

    /** Reads echoed per readiness while each fills the buffer, before the loop serves other sessions (Netty reads up to 16). */
    private static final int MAX_READS_PER_WAKEUP = 16;

    private static final Set<PollEvent> READ = EnumSet.of(PollEvent.READ);

    private static final Set<PollEvent> WRITE = EnumSet.of(PollEvent.WRITE);

    private final int bufferSize;

    private final UnsentBudget budget;

    /** Bytes read but not yet echoed, or {@code null}: owned by the loop's thread. */
    private ByteBuffer unsent;

    /** The bytes of {@link #unsent} reserved from the budget: given back by the loop, or by whoever closes the session. */
    private final AtomicLong reserved = new AtomicLong();

    private final EchoStream stream;

    /** Whether the stream is ready (its TLS handshake done): owned by the loop's thread. */
    private boolean opened;

    private EchoLoop loop;

    TcpEchoSession(TrackedContext context, int bufferSize, long idleTimeoutNanos, EchoSessions sessions,
            SourceSlots.Slot slot, UnsentBudget budget, EchoStream stream) {
        super(context, idleTimeoutNanos, sessions, slot);
        this.bufferSize = bufferSize;
        this.budget = budget;
        this.stream = stream;
    }

    @Override
    NetProtocol protocol() {
        return NetProtocol.TCP;
    }

    /** Switches the context to non-blocking mode and registers it with the poller of {@code loop}. */
    void register(EchoLoop loop, NetPoller poller) {
        this.loop = loop;
        try {
            this.context.setNonBlocking();
            this.context.register(poller, READ, this);
        }
        catch (NetException ex) {
            end(ex);
        }
    }

    /** Called by the loop when the context is ready: sends what is left, or reads and echoes. */
    void echo(NetPoller.Registration ready, ByteBuffer buffer) {
        try {
            if (!this.opened) {
                int opening = this.stream.open();
                if (opening != 0) {
                    ready.interest((opening == NetError.WANT_WRITE.code()) ? WRITE : READ);
                    return;
                }
                this.opened = true;
                ready.interest(READ);
            }
            if (this.unsent != null) {
                if (ready.isWritable() && send(this.unsent)) {
                    this.unsent = null;
                    released();
                    ready.interest(READ);
                }
                if (this.unsent != null || !this.stream.hasBufferedInput()) {
                    return;
                }
            }
            else if (!ready.isReadable() && !this.stream.hasBufferedInput()) {
                return;
            }
            int limit = Math.min(this.bufferSize, buffer.capacity());
            for (int reads = 0; reads < MAX_READS_PER_WAKEUP || this.stream.hasBufferedInput(); reads++) {
                buffer.clear().limit(limit);
                int read = this.stream.read(buffer);
                if (read == NetError.WANT_READ.code()) {
                    return;
                }
                if (read == 0) {
                    close("peer closed");
                    return;
                }
                buffer.flip();
                if (!send(buffer)) {
                    keepUnsent(buffer, ready);
                    return;
                }
                if (read < limit && !this.stream.hasBufferedInput()) {
                    return;
                }
            }
        }
        catch (IOException ex) {
            this.stream.failed(this, ex);
        }
    }

    /** Keeps what the peer did not take yet and waits until it can be sent, or cuts the session if the budget is spent. */
    private void keepUnsent(ByteBuffer rest, NetPoller.Registration ready) {
        int size = rest.remaining() + this.stream.pendingOutput();
        if (!this.budget.tryReserve(size)) {
            cut(CutReason.UNSENT_LIMIT, size + " B unread by the peer do not fit in netctx.max-unsent ("
                    + this.budget.held() + " of " + this.budget.limit() + " B held by all sessions)");
            return;
        }
        this.reserved.addAndGet(size);
        if (!this.context.isOpen()) {
            released();   // closed meanwhile by another thread, which may have released before the reservation
            return;
        }
        this.unsent = ByteBuffer.allocate(rest.remaining()).put(rest).flip();
        ready.interest(WRITE);
    }

    @Override
    void released() {
        long bytes = this.reserved.getAndSet(0);
        if (bytes > 0) {
            this.budget.release(bytes);
        }
    }

    /** Whether this session holds echo bytes its peer has not read yet. */
    boolean holdsUnsent() {
        return this.reserved.get() > 0;
    }

    /** Whether this session is served by {@code loop}. */
    boolean servedBy(EchoLoop loop) {
        return this.loop == loop;
    }

    /** Sends as much of {@code bytes} as the socket takes now; {@code true} if all of it went. */
    private boolean send(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            if (this.stream.write(bytes) == NetError.WANT_WRITE.code()) {
                return false;
            }
        }
        return this.stream.flush() == 0;
    }

    @Override
    void cutIfOverdue(long nowNanos) {
        if (this.stream.openOverdue(nowNanos)) {
            cut(CutReason.HANDSHAKE_TIMEOUT, "no TLS handshake within ssl.handshake-timeout");
        }
    }

    @Override
    void stopWhenIdle() {
        // a TCP peer finishes within the shutdown timeout: nothing to do before it
    }
}
