package dev.netctx.echo;

import java.util.concurrent.TimeUnit;

import dev.netctx.context.CutReason;
import dev.netctx.context.TrackedContext;
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

    private static final ThrottledLog failures = new ThrottledLog(logger, 10, TimeUnit.SECONDS);

    protected final TrackedContext context;

    private final long idleTimeoutNanos;

    private final EchoSessions sessions;

    private final SourceSlots.Slot slot;

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
        else if (nowNanos - this.context.lastActivityNanos() >= this.idleTimeoutNanos) {
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
