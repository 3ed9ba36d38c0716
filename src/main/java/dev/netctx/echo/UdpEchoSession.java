package dev.netctx.echo;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import dev.netctx.context.DropReason;
import dev.netctx.context.TrackedContext;
import dev.netctx.net.NetException;
import dev.netctx.net.NetProtocol;

/**
 * Echoes one UDP peer, driven by its listener's thread ({@link EchoAcceptor}): each datagram goes back
 * as one datagram, byte-exact and never larger than it came, unless its source has used up its reply
 * rate (then it is dropped and counted). A peer that sends nothing for the idle timeout is forgotten.
 */
class UdpEchoSession extends EchoSession {

    private final SourceRateLimiter limiter;

    private final InetAddress source;

    private boolean first = true;

    /** The queue of the listener's {@link UdpSessionTable} this session is in, and its neighbours there. */
    UdpSessionTable.Queue queue;

    UdpEchoSession older;

    UdpEchoSession newer;

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
     * Echoes one datagram of this peer, which its listener's thread received into {@code datagram}
     * (from position to limit), unless its source has used up its reply rate.
     */
    void echo(ByteBuffer datagram) {
        this.context.received(datagram.remaining());
        if (!mayAnswer()) {
            return;
        }
        try {
            this.context.send(datagram);
        }
        catch (NetException ex) {
            end(ex);
        }
    }

    /** Whether this peer's source may have another answer now; if not, the datagram is counted as dropped. */
    final boolean mayAnswer() {
        if (this.limiter != null && !this.first && !this.limiter.tryAcquire(this.source, System.nanoTime())) {
            this.context.dropped(DropReason.RATE_LIMIT);
            return false;
        }
        this.first = false;
        return true;
    }

    @Override
    void stopWhenIdle() {
        // the listener's thread has stopped: no datagram is in progress
        close("shutdown");
    }
}
