package dev.netctx.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * One bound UDP socket shared by a listening context and the peer contexts it accepted: the one map
 * of peers, the listener's queue, and the socket's life, which ends when the listener and every
 * accepted context are closed, so that accepted peers outlive their listener as they do in mbed TLS.
 * The queued path is {@link DatagramQueues}'s.
 *
 * <p>Why not mbed TLS's trick of connecting the listening socket to the new peer and binding a fresh
 * one: {@code DatagramChannel.connect} discards every datagram already queued on the socket, and any
 * rebinding leaves a window in which datagrams reach the wrong socket or none. Demultiplexing in user
 * space delivers each datagram to its own peer's context, never drops one on the way (beyond the
 * bounded queues, which drop as a full socket buffer would) and needs one socket however many peers.
 *
 * <p>The one-way path ({@link UdpListener#receive}) is for one thread that serves every peer, as an event loop
 * does: it receives straight into the caller's buffer, finds the peer in the one map of peers (no
 * lock, no copy, no allocation for a known peer) and returns that peer's context; nothing is queued.
 * Datagrams larger than {@value NetContext#MAX_DATAGRAM_SIZE} bytes are dropped and counted
 * ({@link #oversized()}) on either path.
 */
final class DatagramDemux {

    /** Datagrams one context holds at most before newer ones are dropped. */
    static final int MAX_QUEUED_DATAGRAMS = 4096;

    private final ListenerSocket socket;

    private final ReentrantLock lock = new ReentrantLock();

    /** The one map of peers: read without the lock on the one-way path, changed under it. */
    private final ConcurrentHashMap<InetSocketAddress, UdpPeer> peers = new ConcurrentHashMap<>();

    private final Inbox listener = new Inbox(null, this.lock.newCondition());

    private final DatagramQueues queues;

    private int users = 1;

    private final AtomicLong oversized = new AtomicLong();

    private final InetSocketAddress localAddress;

    DatagramDemux(ListenerSocket socket) {
        this.socket = socket;
        this.localAddress = this.socket.localAddress();
        this.queues = new DatagramQueues(this, socket, this.lock, this.listener);
    }

    /** The queued path: {@code accept}, {@code nextReady}, and {@code recv} and {@code poll} of its contexts. */
    DatagramQueues queues() {
        return this.queues;
    }

    /** The queue of the listening context: datagrams of peers that have no context yet. */
    Inbox listener() {
        return this.listener;
    }

    /** The address the socket is bound to. */
    InetSocketAddress localAddress() {
        return this.localAddress;
    }

    /**
     * Gives {@code first.source()} a context of its own, whose queue holds {@code first} and every
     * datagram of that peer still waiting in the listener's queue, in order.
     */
    UdpPeer register(Inbox.Datagram first) {
        this.lock.lock();
        try {
            InetSocketAddress peer = first.source();
            UdpPeer accepted = new UdpPeer(this, peer);
            Inbox inbox = accepted.inbox();
            inbox.queue.add(first);
            for (Iterator<Inbox.Datagram> it = this.listener.queue.iterator(); it.hasNext();) {
                Inbox.Datagram datagram = it.next();
                if (datagram.source().equals(peer)) {
                    inbox.queue.add(datagram);
                    it.remove();
                }
            }
            this.peers.put(peer, accepted);
            this.users++;
            return accepted;
        }
        finally {
            this.lock.unlock();
        }
    }

    /** A new queue for {@code owner}, an accepted peer. */
    Inbox inboxOf(UdpPeer owner) {
        return new Inbox(owner, this.lock.newCondition());
    }

    ListenerSocket socket() {
        return this.socket;
    }

    /** The accepted peer {@code source}, read without the lock; a new one if it has none. */
    UdpPeer peer(InetSocketAddress source) {
        UdpPeer peer = this.peers.get(source);
        return (peer != null) ? peer : newPeer(source);
    }

    /** The accepted peer {@code source}, or {@code null} if it has none (read without the lock). */
    @Nullable UdpPeer accepted(InetSocketAddress source) {
        return this.peers.get(source);
    }

    /** Counts a datagram dropped for being larger than {@value NetContext#MAX_DATAGRAM_SIZE} bytes. */
    void oversizedDropped() {
        this.oversized.incrementAndGet();
    }

    private UdpPeer newPeer(InetSocketAddress source) {
        this.lock.lock();
        try {
            UdpPeer peer = new UdpPeer(this, source);
            this.peers.put(source, peer);
            this.users++;
            return peer;
        }
        finally {
            this.lock.unlock();
        }
    }

    /** Sends one datagram to {@code peer} from the shared socket, from {@code from} where the socket can choose. */
    int send(ByteBuffer buf, InetSocketAddress peer, @Nullable InetAddress from) throws IOException {
        return this.socket.send(buf, peer, from);
    }

    /** Closes {@code inbox}; the socket is closed with the last one. Idempotent. */
    void release(Inbox inbox) {
        this.lock.lock();
        try {
            if (inbox.closed) {
                return;
            }
            inbox.closed = true;
            inbox.queue.clear();
            inbox.ready.signalAll();
            if (inbox.owner != null) {
                this.peers.remove(inbox.owner.peer(), inbox.owner);
            }
            if (--this.users == 0) {
                this.socket.close();
            }
            else if (this.queues.readsFor(inbox)) {
                // its thread may be blocked reading the socket for ever: an empty datagram to itself ends that
                this.socket.wake();
            }
        }
        catch (IOException ex) {
            // the descriptor is released either way
        }
        finally {
            this.lock.unlock();
        }
    }

    /** Datagrams dropped because they were larger than {@value NetContext#MAX_DATAGRAM_SIZE} bytes. */
    long oversized() {
        return this.oversized.get();
    }

    /** Datagrams dropped because their context's queue was full or closed. */
    long dropped() {
        return this.queues.dropped();
    }

}
