package dev.netctx.echo;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import dev.netctx.context.DropReason;
import dev.netctx.context.TrackedContext;
import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import dev.netctx.net.NetProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Echoes one UDP peer, driven by its listener's thread ({@link EchoAcceptor}): each datagram goes back
 * as one datagram, byte-exact and never larger than it came, unless its source has used up its reply
 * rate (then it is dropped and counted). A peer that sends nothing for the idle timeout is forgotten.
 */
final class UdpEchoSession implements EchoSessions.Session {

    private static final Log logger = LogFactory.getLog(UdpEchoSession.class);

    private final TrackedContext context;

    private final long idleTimeoutNanos;

    private final EchoSessions sessions;

    private final SourceRateLimiter limiter;

    private final InetAddress source;

    private boolean first = true;

    /**
     * @param context the peer's context, in non-blocking mode
     * @param limiter the reply rate limit of a peer whose first datagram was already allowed, or
     * {@code null} for none (trusted peers)
     * @param source the peer's address, which {@code limiter} limits
     */
    UdpEchoSession(TrackedContext context, long idleTimeoutNanos, EchoSessions sessions, SourceRateLimiter limiter,
            InetAddress source) {
        this.context = context;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.sessions = sessions;
        this.limiter = limiter;
        this.source = source;
    }

    @Override
    public NetProtocol protocol() {
        return NetProtocol.UDP;
    }

    /**
     * Echoes every datagram waiting for this peer, through {@code buffer} (large enough for any).
     * @return whether the session is still open
     */
    boolean echoWaiting(ByteBuffer buffer) {
        try {
            while (true) {
                buffer.clear();
                if (this.context.recv(buffer) == NetError.WANT_READ.code()) {
                    return true;
                }
                if (this.limiter != null && !this.first && !this.limiter.tryAcquire(this.source, System.nanoTime())) {
                    this.context.dropped(DropReason.RATE_LIMIT);
                    continue;
                }
                this.first = false;
                this.context.send(buffer.flip());
            }
        }
        catch (NetException ex) {
            if (!this.context.isClosed() && logger.isDebugEnabled()) {
                logger.debug(this.context + " failed: " + ex.getMessage());
            }
            close(ex.error().name());
            return false;
        }
    }

    /** Whether the session is still open (a context closed by another thread is not). */
    boolean isOpen() {
        return this.context.isOpen();
    }

    @Override
    public void closeIfIdle(long nowNanos) {
        if (!this.context.isOpen()) {
            this.sessions.remove(this);
        }
        else if (nowNanos - this.context.lastActivityNanos() >= this.idleTimeoutNanos) {
            close("idle timeout");
        }
    }

    @Override
    public void stopWhenIdle() {
        // the listener's thread has stopped: no datagram is in progress
        close("shutdown");
    }

    @Override
    public void close(String reason) {
        this.context.close(reason);
        this.sessions.remove(this);
    }
}
