package dev.netctx.echo;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import dev.netctx.context.DropReason;
import dev.netctx.context.TrackedContext;
import dev.netctx.net.NetException;
import dev.netctx.net.NetProtocol;
import org.jspecify.annotations.Nullable;

/**
 * Echoes one UDP peer, driven by its listener's thread ({@link EchoAcceptor}): each datagram goes back
 * as one datagram, byte-exact and never larger than it came, unless its source has used up its reply
 * rate (then it is dropped and counted), or its listener's {@link DatagramImpairment} says otherwise.
 * A peer that sends nothing for the idle timeout is forgotten.
 */
sealed class UdpEchoSession extends EchoSession permits InfoUdpSession, DtlsEchoSession {

    private final @Nullable SourceRateLimiter limiter;

    private final InetAddress source;

    private final @Nullable ProxiedDatagrams proxied;

    private final DatagramImpairment impairment;

    private boolean first = true;

    /** The queue of the listener's {@link UdpSessionTable} this session is in, and its neighbours there. */
    UdpSessionTable.@Nullable Queue queue;

    @Nullable UdpEchoSession older;

    @Nullable UdpEchoSession newer;

    /** This peer's bandwidth while its listener's impairment caps it, and its datagram held back for {@code reorder}. */
    @Nullable TokenBucket bucket;

    DatagramImpairment.@Nullable Held heldBack;

    /**
     * @param context the peer's context, in non-blocking mode
     * @param limiter the reply rate limit of a peer whose first datagram was already allowed, or
     * {@code null} for none (trusted peers)
     * @param source the peer's address, which {@code limiter} limits
     * @param proxied what takes a PROXY protocol header off each datagram, or {@code null} for none
     * @param impairment the listener's impairment of its answers
     */
    UdpEchoSession(TrackedContext context, long idleTimeoutNanos, EchoSessions sessions, SourceSlots.Slot slot,
            @Nullable SourceRateLimiter limiter, InetAddress source, @Nullable ProxiedDatagrams proxied, DatagramImpairment impairment) {
        super(context, idleTimeoutNanos, sessions, slot);
        this.limiter = limiter;
        this.source = source;
        this.proxied = proxied;
        this.impairment = impairment;
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
        if (this.proxied != null && !this.proxied.admit(datagram, this.context, System.nanoTime())) {
            return;
        }
        if (!mayAnswer()) {
            return;
        }
        ByteBuffer reply = reply(datagram);
        if (reply == null) {
            return;
        }
        if (this.impairment.isActive()) {
            this.impairment.echo(this, reply);
            return;
        }
        sendReply(reply);
    }

    /** Sends {@code reply} to the peer; a failure ends the session. */
    void sendReply(ByteBuffer reply) {
        try {
            this.context.send(reply);
        }
        catch (NetException ex) {
            end(ex);
        }
    }

    /**
     * What goes back for {@code datagram}: the datagram itself; {@code null} for no reply (the
     * session counted why).
     */
    @Nullable ByteBuffer reply(ByteBuffer datagram) {
        return datagram;
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
