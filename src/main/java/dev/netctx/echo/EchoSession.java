package dev.netctx.echo;

import java.time.Duration;

import dev.netctx.context.CutReason;
import dev.netctx.context.RefusalReason;
import dev.netctx.context.TrackedContext;
import dev.netctx.logging.RateLimitedLog;
import dev.netctx.net.NetException;
import dev.netctx.net.NetProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What every echo session shares, a TCP one on an {@link EchoLoop} or a UDP one on its listener's
 * thread: its tracked context, its idle timeout, and its place among the running {@link EchoSessions}.
 */
abstract class EchoSession {

    private static final Log logger = LogFactory.getLog(EchoSession.class);

    private static final RateLimitedLog failures = new RateLimitedLog(logger, Duration.ofSeconds(10));

    protected final TrackedContext context;

    private final long idleTimeoutNanos;

    private final EchoSessions sessions;

    private volatile SourceSlots.Slot slot;

    EchoSession(TrackedContext context, long idleTimeoutNanos, EchoSessions sessions, SourceSlots.Slot slot) {
        this.context = context;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.sessions = sessions;
        this.slot = slot;
    }

    abstract NetProtocol protocol();

    /** Ends the session once the echo in progress, if any, is sent. */
    abstract void stopWhenIdle();

    /** When bytes last moved in this session ({@link System#nanoTime()}). */
    final long lastActivityNanos() {
        return this.context.lastActivityNanos();
    }

    /** Whether the session is still open (a context closed by another thread is not). */
    final boolean isOpen() {
        return this.context.isOpen();
    }

    /**
     * Closes the session if no byte moved for longer than its idle timeout (or cuts it when a deadline of
     * its own passed, see {@link #cutIfOverdue}), and forgets it if another
     * thread (the REST API, say) closed its context meanwhile.
     */
    final void closeIfIdle(long nowNanos) {
        if (!this.context.isOpen()) {
            forget();
        }
        else if (!closeIfOverdue(nowNanos) && nowNanos - this.context.lastActivityNanos() >= this.idleTimeoutNanos) {
            close("idle timeout");
        }
        else {
            cutIfOverdue(nowNanos);
        }
    }

    /** Cuts the session if a deadline of its own passed (a TLS handshake's); called by the idle reaper. */
    void cutIfOverdue(long nowNanos) {
    }

    final void close(String reason) {
        this.context.close(reason);
        forget();
    }

    /** Closes the session if it waited for something of its own (its PROXY protocol header) for too long; whether it did. */
    boolean closeIfOverdue(long nowNanos) {
        return false;
    }

    /** Turns the session away after all (its PROXY protocol header was missing, say): counted by {@code reason} for its listener. */
    final void refuse(RefusalReason reason, String detail) {
        this.context.refuse(reason, detail);
        forget();
    }

    /**
     * Moves the session to another source's slot (the client its proxy announced), giving back the
     * one it held. Called by the session's own thread.
     */
    final void moveSlot(SourceSlots.Slot moved) {
        SourceSlots.Slot previous = this.slot;
        this.slot = moved;
        previous.release();
        if (!this.context.isOpen()) {
            moved.release();   // closed meanwhile: whoever closed it may have released the previous slot only
        }
    }

    /** Ends the session with a TCP reset ({@code impairment.reset-after}): the peer sees "connection reset". */
    final void reset(String reason) {
        this.context.abort(reason);
        forget();
    }

    /** Cuts the session to protect the others: counted by {@code reason} for its listener. */
    final void cut(CutReason reason, String detail) {
        this.context.cut(reason, detail);
        forget();
    }

    /**
     * Ends the session after an unexpected failure of the code that served it (running out of memory,
     * say): it is cut and counted, and its loop goes on with the other sessions.
     */
    final void fail(Throwable ex) {
        failures.warn(() -> this.context + " failed unexpectedly and was closed: " + ex);
        cut(CutReason.INTERNAL_ERROR, ex.getClass().getSimpleName());
    }

    /** Gives back what the session held: its place among the running sessions and its source's slot. */
    private void forget() {
        this.sessions.remove(this);
        this.slot.release();
        released();
    }

    /** Called once the session is over (possibly more than once, from any thread): gives back what it holds. */
    void released() {
    }

    /** Ends the session after a failure, named by its mbed TLS error. */
    final void end(NetException ex) {
        if (!this.context.isClosed() && logger.isDebugEnabled()) {
            logger.debug(this.context + " failed: " + ex.getMessage());
        }
        close(ex.error().name());
    }
}
