package dev.netctx.echo;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import dev.netctx.context.DropReason;
import dev.netctx.context.TrackedContext;
import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import dev.netctx.net.NetProtocol;

/**
 * Echoes one UDP peer, driven by its listener's thread ({@link EchoAcceptor}): each datagram goes back
 * as one datagram, byte-exact and never larger than it came, unless its source has used up its reply
 * rate (then it is dropped and counted). A peer that sends nothing for the idle timeout is forgotten.
 */
final class UdpEchoSession extends EchoSession {

    private final SourceRateLimiter limiter;

    private final InetAddress source;

    private boolean first = true;

    /**
     * @param context the peer's context, in non-blocking mode
     * @param limiter the reply rate limit of a peer whose first datagram was already allowed, or
     * {@code null} for none (trusted peers)
     * @param source the peer's address, which {@code limiter} limits
     */
    UdpEchoSession(TrackedContext context, long idleTimeoutNanos, EchoSessions sessions, SourceSlots.Slot slot,
            SourceRateLimiter limiter, InetAddress source) {
        super(context, idleTimeoutNanos, sessions, slot);
        this.limiter = limiter;
        this.source = source;
    }

    @Override
    NetProtocol protocol() {
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
            end(ex);
            return false;
        }
    }

    @Override
    void stopWhenIdle() {
        // the listener's thread has stopped: no datagram is in progress
        close("shutdown");
    }
}
