package dev.netctx.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A bound UDP context. Its socket is shared, through a {@link DatagramDemux}, with the
 * {@link UdpPeer}s it accepts: a datagram from a peer without a context yet is the listener's, to be
 * accepted; one from an accepted peer is that peer's.
 */
final class UdpListener extends DemuxTransport {

    /** Whether {@link #receive} was called: owned by the thread that calls it. */
    private boolean oneWay;

    private UdpListener(DatagramDemux demux) {
        super(demux);
    }

    /**
     * {@code mbedtls_net_bind} of UDP: {@code SO_REUSEADDR}, bound to {@code address:port}
     * ({@code null}: every interface); see {@link ListenerSocket#bind} for which socket a wildcard gets.
     */
    static UdpListener bind(@Nullable InetAddress address, int port) throws NetException {
        return new UdpListener(new DatagramDemux(ListenerSocket.bind(address, port)));
    }

    @Override
    boolean isListening() {
        return true;
    }

    @Override
    Transport accept() throws NetException {
        try {
            Inbox.Datagram first = this.demux.queues().take(this.inbox, isBlocking() ? -1 : 0);
            if (first == null) {
                throw new NetException(NetError.WANT_READ, "no datagram pending");
            }
            return this.demux.register(first);
        }
        catch (IOException ex) {
            throw Sockets.failure(ex, NetError.ACCEPT_FAILED);
        }
    }

    @Override
    @Nullable NetContext nextReady(long timeoutNanos) throws NetException {
        try {
            Inbox ready = this.demux.queues().nextReady(timeoutNanos);
            if (ready == null) {
                return null;
            }
            if (ready.owner() != null) {
                return ready.owner().context();
            }
            Inbox.Datagram first = this.demux.queues().take(this.inbox, 0);
            return (first != null) ? this.demux.register(first).context() : null;
        }
        catch (IOException ex) {
            throw Sockets.failure(ex, NetError.ACCEPT_FAILED);
        }
    }

    /**
     * The one-way path: receives straight into {@code buf} (which has room for
     * {@value NetContext#RECEIVE_BUFFER_SIZE} bytes) and returns the context of the datagram's peer,
     * the same one for a known peer (found in the demux's one map without a lock), a new one for a new
     * peer; nothing is queued or copied. From the first call on, nobody else reads the socket.
     */
    @Override
    @Nullable NetContext receive(ByteBuffer buf, long timeoutMillis) throws NetException {
        if (!this.oneWay) {
            this.demux.queues().startOneWay();
            this.oneWay = true;
        }
        long deadline = (timeoutMillis > 0) ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : 0;
        int start = buf.position();
        try {
            while (true) {
                if (this.inbox.isClosed()) {
                    throw new ClosedChannelException();
                }
                long wait = (timeoutMillis <= 0) ? timeoutMillis : Math.max(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()), 1);
                ListenerSocket socket = this.demux.socket();
                InetSocketAddress source = socket.receive(buf, wait);
                if (source != null && buf.position() - start <= NetContext.MAX_DATAGRAM_SIZE) {
                    UdpPeer peer = this.demux.peer(source);
                    peer.answerFrom(socket.destination());
                    return peer.context();
                }
                if (source != null) {
                    this.demux.oversizedDropped();
                    buf.position(start);
                }
                if (timeoutMillis == 0 || (timeoutMillis > 0 && deadline - System.nanoTime() <= 0)) {
                    return null;
                }
            }
        }
        catch (IOException ex) {
            throw Sockets.failure(ex, NetError.ACCEPT_FAILED);
        }
    }

    @Override
    int send(ByteBuffer buf) throws NetException {
        throw new NetException(NetError.SEND_FAILED, "a listening UDP context has no peer to send to");
    }

    @Override
    Set<PollEvent> poll(Set<PollEvent> interest, long timeoutMillis) throws NetException {
        Set<PollEvent> ready = EnumSet.noneOf(PollEvent.class);
        if (interest.contains(PollEvent.READ) && this.demux.queues().poll(this.inbox, timeoutMillis)) {
            ready.add(PollEvent.READ);
        }
        return ready;
    }
}
