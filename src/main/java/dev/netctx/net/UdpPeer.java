package dev.netctx.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A UDP peer a {@link UdpListener} accepted: it receives the datagrams of that peer only (from its
 * queue in the shared {@link DatagramDemux}, or handed over by the one-way path) and sends to that
 * peer only, from the listener's socket. It outlives its listener, as in mbed TLS.
 */
final class UdpPeer extends Transport {

    private final DatagramDemux demux;

    private final InetSocketAddress peer;

    private final Inbox inbox;

    private final NetContext context;

    private volatile boolean blocking = true;

    /** The local address this peer last sent to, where the listener's socket learns it: its answers leave from there. */
    private volatile @Nullable InetAddress answerFrom;

    UdpPeer(DatagramDemux demux, InetSocketAddress peer) {
        this.demux = demux;
        this.peer = peer;
        this.inbox = demux.inboxOf(this);
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
    NetProtocol protocol() {
        return NetProtocol.UDP;
    }

    @Override
    SocketAddress localAddress() {
        return this.demux.localAddress();
    }

    @Override
    SocketAddress remoteAddress() {
        return this.peer;
    }

    @Override
    boolean isOpen() {
        return !this.inbox.isClosed();
    }

    @Override
    boolean isBlocking() {
        return this.blocking;
    }

    @Override
    void configureBlocking(boolean block) {
        this.blocking = block;
    }

    @Override
    int recv(ByteBuffer buf) throws NetException {
        return this.demux.queues().recv(this.inbox, buf, this.blocking ? -1 : 0, NetError.WANT_READ);
    }

    @Override
    int recv(ByteBuffer buf, long timeoutMillis) throws NetException {
        return this.demux.queues().recv(this.inbox, buf, (timeoutMillis < 0) ? -1 : TimeUnit.MILLISECONDS.toNanos(timeoutMillis),
                NetError.TIMEOUT);
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

    @Override
    long droppedDatagrams() {
        return this.demux.dropped();
    }

    @Override
    long oversizedDatagrams() {
        return this.demux.oversized();
    }

    @Override
    void close() {
        this.demux.release(this.inbox);
    }
}
