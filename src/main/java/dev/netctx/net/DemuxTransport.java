package dev.netctx.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * A transport on a UDP listener's shared socket: the {@link UdpListener} or a {@link UdpPeer} it
 * accepted. Each has its own {@link Inbox} in the listener's {@link DatagramDemux} and its own
 * blocking mode (the socket is shared and stays as the demux needs it); its queued receive is the
 * demux's, its drop counters and local address the listener's, and closing releases its inbox (the
 * socket closes with the last of them).
 */
abstract sealed class DemuxTransport extends Transport permits UdpListener, UdpPeer {

    final DatagramDemux demux;

    /** This transport's queue: the listener's, or one of its own for a peer (typed owner, no cast back). */
    final Inbox inbox;

    private volatile boolean blocking = true;

    DemuxTransport(DatagramDemux demux) {
        this.demux = demux;
        this.inbox = (this instanceof UdpPeer peer) ? demux.inboxOf(peer) : demux.listener();
    }

    @Override
    final NetProtocol protocol() {
        return NetProtocol.UDP;
    }

    @Override
    final SocketAddress localAddress() {
        return this.demux.localAddress();
    }

    @Override
    final boolean isOpen() {
        return !this.inbox.isClosed();
    }

    @Override
    final boolean isBlocking() {
        return this.blocking;
    }

    @Override
    final void configureBlocking(boolean block) {
        this.blocking = block;
    }

    /** The next datagram of this transport's queue; {@code WANT_READ} when non-blocking and there is none. */
    @Override
    final int recv(ByteBuffer buf) throws NetException {
        return this.demux.queues().recv(this.inbox, buf, this.blocking ? -1 : 0, NetError.WANT_READ);
    }

    @Override
    final int recv(ByteBuffer buf, long timeoutMillis) throws NetException {
        return this.demux.queues().recv(this.inbox, buf, (timeoutMillis < 0) ? -1 : TimeUnit.MILLISECONDS.toNanos(timeoutMillis),
                NetError.TIMEOUT);
    }

    @Override
    final long droppedDatagrams() {
        return this.demux.dropped();
    }

    @Override
    final long oversizedDatagrams() {
        return this.demux.oversized();
    }

    @Override
    final void close() {
        this.demux.release(this.inbox);
    }
}
