package dev.netctx.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A UDP peer a {@link UdpListener} accepted: it receives the datagrams of that peer only (from its
 * queue in the shared {@link DatagramDemux}, or handed over by the one-way path) and sends to that
 * peer only, from the listener's socket. It outlives its listener, as in mbed TLS.
 */
final class UdpPeer extends DemuxTransport {

    private final InetSocketAddress peer;

    private final NetContext context;

    /** The local address this peer last sent to, where the listener's socket learns it: its answers leave from there. */
    private volatile @Nullable InetAddress answerFrom;

    UdpPeer(DatagramDemux demux, InetSocketAddress peer) {
        super(demux);
        this.peer = peer;
        this.context = new NetContext(this);
    }

    /** The context this transport is the peer of: the one {@code accept}, {@code nextReady} and {@code receive} return. */
    NetContext context() {
        return this.context;
    }

    Inbox inbox() {
        return this.inbox;
    }

    InetSocketAddress peer() {
        return this.peer;
    }

    /** Notes the local address a datagram of this peer was sent to ({@code null}: not known), to answer from it. */
    void answerFrom(@Nullable InetAddress destination) {
        if (destination != null && !destination.equals(this.answerFrom)) {
            this.answerFrom = destination;
        }
    }

    @Override
    SocketAddress remoteAddress() {
        return this.peer;
    }

    @Override
    int send(ByteBuffer buf) throws NetException {
        try {
            return this.demux.send(buf, this.peer, this.answerFrom);
        }
        catch (IOException ex) {
            throw Sockets.failure(ex, NetError.SEND_FAILED);
        }
    }

    /** An accepted peer can always write (a full socket buffer waits or drops, as UDP does); READ when its queue has a datagram. */
    @Override
    Set<PollEvent> poll(Set<PollEvent> interest, long timeoutMillis) throws NetException {
        Set<PollEvent> ready = EnumSet.noneOf(PollEvent.class);
        boolean canWrite = interest.contains(PollEvent.WRITE);
        if (canWrite) {
            ready.add(PollEvent.WRITE);
        }
        if (interest.contains(PollEvent.READ) && this.demux.queues().poll(this.inbox, canWrite ? 0 : timeoutMillis)) {
            ready.add(PollEvent.READ);
        }
        return ready;
    }
}
