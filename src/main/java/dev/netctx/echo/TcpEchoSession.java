package dev.netctx.echo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.netctx.context.CutReason;
import dev.netctx.context.RefusalReason;
import dev.netctx.context.TrackedContext;
import dev.netctx.impair.ListenerImpairment;
import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import dev.netctx.net.NetPoller;
import dev.netctx.net.PollEvent;
import org.jspecify.annotations.Nullable;

/**
 * Echoes one TCP connection on an {@link EchoLoop}: every byte read is sent back, byte-exact and in
 * order. When the peer does not read its echo fast enough, the unsent rest is kept and the session
 * stops reading until it is sent: a slow reader holds at most one buffer, and since no byte moves,
 * the idle timeout ends it. What all sessions hold so together is bounded by their {@link UnsentBudget}:
 * a session whose rest does not fit is cut. It reads and writes through its {@link EchoStream}: the
 * connection itself, or TLS over it (whose handshake runs first, a step per readiness). A PROXY
 * protocol header, when the listener takes one, is read off the connection before either. While
 * the listener's impairment applies to a plain session, an {@link ImpairedTcpEcho} echoes instead.
 */
final class TcpEchoSession extends LoopSession {

    /** Reads echoed per readiness while each fills the buffer, before the loop serves other sessions (Netty reads up to 16). */
    private static final int MAX_READS_PER_WAKEUP = 16;

    private static final Set<PollEvent> READ = EnumSet.of(PollEvent.READ);

    private static final Set<PollEvent> WRITE = EnumSet.of(PollEvent.WRITE);

    private final int bufferSize;

    private final UnsentBudget budget;

    /** Bytes read but not yet echoed, or {@code null}: owned by the loop's thread. */
    private @Nullable ByteBuffer unsent;

    /** The bytes of {@link #unsent} reserved from the budget: given back by the loop, or by whoever closes the session. */
    private final AtomicLong reserved = new AtomicLong();

    /** What comes before the echo: the PROXY protocol header, or {@code null} (then, or once it is through). */
    private volatile @Nullable ProxyHeaderStage proxyHeader;

    private final ListenerImpairment impairment;

    private NetPoller.@Nullable Registration registration;

    /** The echo while the listener's impairment applies (or still holds bytes of this session), else {@code null}. */
    private @Nullable ImpairedTcpEcho impaired;

    private final EchoStream stream;

    /** Whether the stream is ready (its TLS handshake done): owned by the loop's thread. */
    private boolean opened;

    /**
     * @param proxyHeader the stage that takes a PROXY protocol header off the start, or {@code null} for none
     * @param stream what the session reads and writes: the connection, or TLS over it
     */
    TcpEchoSession(TrackedContext context, int bufferSize, long idleTimeoutNanos, EchoSessions sessions,
            SourceSlots.Slot slot, UnsentBudget budget, @Nullable ProxyHeaderStage proxyHeader, EchoStream stream) {
        super(context, idleTimeoutNanos, sessions, slot);
        this.bufferSize = bufferSize;
        this.budget = budget;
        this.proxyHeader = proxyHeader;
        this.stream = stream;
        this.impairment = context.stats().impairment();
    }

    @Override
    void register(NetPoller poller) {
        try {
            this.context.setNonBlocking();
            this.registration = this.context.register(poller, READ, this);
        }
        catch (NetException ex) {
            end(ex);
        }
    }

    /** Takes the PROXY protocol header off, opens the stream, then sends what is left, or reads and echoes. */
    @Override
    void echo(NetPoller.Registration ready, ByteBuffer buffer) {
        try {
            int limit = Math.min(this.bufferSize, buffer.capacity());
            if (this.proxyHeader != null && !proxyHeaderRead(ready, buffer, limit)) {
                return;
            }
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
            else if (impaired()) {
                this.impaired.echo(ready, buffer);
                return;
            }
            else if (!ready.isReadable() && !this.stream.hasBufferedInput()) {
                return;
            }
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

    /**
     * Reads the PROXY protocol header, never echoed; whether it is through. The bytes read beyond it
     * go to a TLS stream as the start of its handshake, or are echoed at once on a plain one.
     */
    private boolean proxyHeaderRead(NetPoller.Registration ready, ByteBuffer buffer, int limit) throws IOException {
        ByteBuffer ahead = ready.isReadable() ? this.proxyHeader.read(this.context, buffer, limit, this) : null;
        if (ahead == null) {
            return false;
        }
        this.proxyHeader = null;
        if (this.stream.takeReadAhead(ahead)) {
            return true;
        }
        if (!send(ahead)) {
            keepUnsent(ahead, ready);
        }
        return false;
    }

    /** Keeps what the peer did not take yet and waits until it can be sent, or cuts the session if the budget is spent. */
    private void keepUnsent(ByteBuffer rest, NetPoller.Registration ready) {
        int size = rest.remaining() + this.stream.pendingOutput();
        if (!reserve(size)) {
            return;
        }
        this.unsent = ByteBuffer.allocate(size).put(rest).flip();
        ready.interest(WRITE);
    }

    /**
     * Whether the listener's impairment applies to this session now, or still holds bytes of it. It
     * works on the connection's bytes, so a TLS session is not impaired (the listener's settings
     * refuse it).
     */
    private boolean impaired() {
        boolean active = this.impairment.isActive() && this.stream.isPlain();
        if (this.impaired == null && active) {
            this.impaired = new ImpairedTcpEcho(this, this.context, this.impairment, this.registration,
                    loop().timers(), this.bufferSize);
        }
        else if (this.impaired != null && !active && this.impaired.isIdle()) {
            this.impaired = null;
        }
        return this.impaired != null;
    }

    /** Reserves {@code bytes} held for the echo from the budget; if they do not fit, cuts the session and returns {@code false}. */
    boolean reserve(long bytes) {
        if (!this.budget.tryReserve(bytes)) {
            cut(CutReason.UNSENT_LIMIT, bytes + " B unread by the peer or held by the impairment do not fit in netctx.max-unsent ("
                    + this.budget.held() + " of " + this.budget.limit() + " B held by all sessions)");
            return false;
        }
        this.reserved.addAndGet(bytes);
        if (!this.context.isOpen()) {
            released();   // closed meanwhile by another thread, which may have released before the reservation
            return false;
        }
        return true;
    }

    /** Gives back {@code bytes} reserved earlier (no more than are still reserved: a close may have given them back). */
    void giveBack(long bytes) {
        long now;
        long back;
        do {
            now = this.reserved.get();
            back = Math.min(now, bytes);
        }
        while (!this.reserved.compareAndSet(now, now - back));
        if (back > 0) {
            this.budget.release(back);
        }
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
    boolean closeIfOverdue(long nowNanos) {
        ProxyHeaderStage stage = this.proxyHeader;
        if (stage == null || !stage.overdue(nowNanos)) {
            return false;
        }
        refuse(RefusalReason.PROXY_HEADER_TIMEOUT, stage.timeout());
        return true;
    }

    @Override
    void cutIfOverdue(long nowNanos) {
        if (this.stream.openOverdue(nowNanos)) {
            cut(CutReason.HANDSHAKE_TIMEOUT, "no TLS handshake within ssl.handshake-timeout");
        }
    }
}
