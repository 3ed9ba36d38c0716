package dev.netctx.echo;

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

    protected final TrackedContext context;

    private final long idleTimeoutNanos;

    private final EchoSessions sessions;

    EchoSession(TrackedContext context, long idleTimeoutNanos, EchoSessions sessions) {
        this.context = context;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.sessions = sessions;
    }

    abstract NetProtocol protocol();

    /** Ends the session once the echo in progress, if any, is sent. */
    abstract void stopWhenIdle();

    /** Whether the session is still open (a context closed by another thread is not). */
    final boolean isOpen() {
        return this.context.isOpen();
    }

    /**
     * Closes the session if no byte moved for longer than its idle timeout, and forgets it if another
     * thread (the REST API, say) closed its context meanwhile.
     */
    final void closeIfIdle(long nowNanos) {
        if (!this.context.isOpen()) {
            this.sessions.remove(this);
        }
        else if (nowNanos - this.context.lastActivityNanos() >= this.idleTimeoutNanos) {
            close("idle timeout");
        }
    }

    final void close(String reason) {
        this.context.close(reason);
        this.sessions.remove(this);
    }

    /** Ends the session after a failure, named by its mbed TLS error. */
    final void end(NetException ex) {
        if (!this.context.isClosed() && logger.isDebugEnabled()) {
            logger.debug(this.context + " failed: " + ex.getMessage());
        }
        close(ex.error().name());
    }
}
