package dev.netctx.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * One bound UDP socket shared by a listening context and the peer contexts it accepted. Whichever
 * thread waits for data while nobody else reads the socket becomes its reader (a leader/followers
 * scheme): it hands each datagram to the queue of its peer's context, or to the listener's queue when
 * the peer has none yet, and wakes only the context concerned.
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
 *
 * <p>Every receive goes into a buffer of {@value NetContext#RECEIVE_BUFFER_SIZE} bytes, so that a
 * datagram larger than {@value NetContext#MAX_DATAGRAM_SIZE} bytes (an IPv6 one, or a jumbogram) is
 * seen as such: it is dropped and counted ({@link #oversized()}), never truncated.
 *
 * <p>The socket is closed when the listener and every accepted context are closed, so that accepted
 * peers outlive their listener as they do in mbed TLS.
 */
final class DatagramDemux {

    /** Datagrams one context holds at most before newer ones are dropped. */
    static final int MAX_QUEUED_DATAGRAMS = 4096;

    private final ListenerSocket socket;

    private final ReentrantLock lock = new ReentrantLock();

    /** The one map of peers: read without the lock on the one-way path, changed under it. */
    private final ConcurrentHashMap<InetSocketAddress, UdpPeer> peers = new ConcurrentHashMap<>();

    /** Contexts waiting for data while another thread reads: one of them takes over when it stops. */
    private final ArrayDeque<Inbox> waiting = new ArrayDeque<>();

    private final Inbox listener = new Inbox(null, this.lock.newCondition());

    /** Where the socket receives: direct, so that the JDK receives into it without a copy. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(NetContext.RECEIVE_BUFFER_SIZE);

    private boolean reading;

    /** Whether the listener's thread serves its peers ({@link #nextReady}): deliveries then list them. */
    private boolean driven;

    /** Whether one thread receives for every peer ({@link UdpListener#receive}): nobody else then reads the socket. */
    private volatile boolean oneWay;

    /** Accepted peers that received a datagram since {@link #nextReady} last returned them. */
    private final ArrayDeque<Inbox> readyPeers = new ArrayDeque<>();

    /** The context whose thread reads the socket now, if any. */
    private Inbox reader;

    private int users = 1;

    private long dropped;

    private final AtomicLong oversized = new AtomicLong();

    private final InetSocketAddress localAddress;

    DatagramDemux(ListenerSocket socket) {
        this.socket = socket;
        this.localAddress = this.socket.localAddress();
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

    /** The one-way path begins ({@link UdpListener#receive}): from now on nobody else reads the socket. */
    void startOneWay() {
        this.lock.lock();
        try {
            this.oneWay = true;
        }
        finally {
            this.lock.unlock();
        }
    }

    ListenerSocket socket() {
        return this.socket;
    }

    /** The accepted peer {@code source}, read without the lock; a new one if it has none. */
    UdpPeer peer(InetSocketAddress source) {
        UdpPeer peer = this.peers.get(source);
        return (peer != null) ? peer : newPeer(source);
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

    /**
     * Takes the next datagram of {@code inbox}, waiting at most {@code timeoutNanos} (negative: for
     * ever; 0: not at all).
     * @return the datagram, or {@code null} if none came in time
     */
    Inbox.Datagram take(Inbox inbox, long timeoutNanos) throws IOException {
        this.lock.lock();
        try {
            return await(inbox, timeoutNanos) ? inbox.queue.poll() : null;
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * {@code recv} of a listener or accepted peer: the next datagram of {@code inbox}, truncated to
     * fit {@code buf}, waiting at most {@code timeoutNanos} (as {@link #take}).
     * @return its length, or {@code nothing}'s code if none came in time
     */
    int recv(Inbox inbox, ByteBuffer buf, long timeoutNanos, NetError nothing) throws NetException {
        try {
            Inbox.Datagram datagram = take(inbox, timeoutNanos);
            if (datagram == null) {
                return nothing.code();
            }
            if (inbox.owner != null) {
                inbox.owner.answerFrom(datagram.destination());
            }
            byte[] payload = datagram.payload();
            int length = Math.min(payload.length, buf.remaining());
            buf.put(payload, 0, length);
            return length;
        }
        catch (IOException ex) {
            throw Sockets.failure(ex, NetError.RECV_FAILED);
        }
    }

    /** Whether {@code inbox} has a datagram, waiting at most {@code timeoutMillis} (0: not at all; negative: for ever). */
    boolean poll(Inbox inbox, long timeoutMillis) throws NetException {
        this.lock.lock();
        try {
            return await(inbox, (timeoutMillis < 0) ? -1 : TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        }
        catch (IOException ex) {
            throw Sockets.failure(ex, NetError.POLL_FAILED);
        }
        finally {
            this.lock.unlock();
        }
    }

    private boolean await(Inbox inbox, long timeoutNanos) throws IOException {
        return await(inbox, () -> !inbox.queue.isEmpty(), timeoutNanos);
    }

    private boolean await(Inbox inbox, BooleanSupplier hasData, long timeoutNanos) throws IOException {
        try {
            return awaitOrRead(inbox, hasData, timeoutNanos);
        }
        finally {
            handOff();
        }
    }

    /**
     * The listener's queue, or the queue of an accepted peer that has a datagram, waiting at most
     * {@code timeoutNanos} (as {@link #take}) for one; {@code null} if none came in time. From the
     * first call on, every datagram delivered to an accepted peer also lists that peer here, so that
     * one thread can serve them all.
     */
    Inbox nextReady(long timeoutNanos) throws IOException {
        this.lock.lock();
        try {
            this.driven = true;
            if (!await(this.listener, () -> !this.listener.queue.isEmpty() || !this.readyPeers.isEmpty(), timeoutNanos)) {
                return null;
            }
            Inbox next;
            while ((next = this.readyPeers.poll()) != null) {
                next.listed = false;
                if (!next.closed) {
                    return next;
                }
            }
            return this.listener.queue.isEmpty() ? null : this.listener;
        }
        finally {
            this.lock.unlock();
        }
    }

    private boolean awaitOrRead(Inbox inbox, BooleanSupplier hasData, long timeoutNanos) throws IOException {
        long deadline = (timeoutNanos > 0) ? System.nanoTime() + timeoutNanos : 0;
        while (true) {
            if (inbox.closed) {
                throw new ClosedChannelException();
            }
            if (hasData.getAsBoolean()) {
                return true;
            }
            if ((this.driven && inbox != this.listener || this.oneWay) && timeoutNanos == 0) {
                // the listener's thread reads for every peer: a peer's non-blocking recv takes what is queued only
                return false;
            }
            long remaining = (timeoutNanos < 0) ? -1 : (timeoutNanos == 0) ? 0 : Math.max(deadline - System.nanoTime(), 0);
            if (timeoutNanos > 0 && remaining == 0) {
                return false;
            }
            if (!this.reading && !this.oneWay) {
                readFor(inbox, hasData, remaining);
                if (timeoutNanos == 0) {
                    return hasData.getAsBoolean();
                }
            }
            else if (timeoutNanos == 0) {
                return false;
            }
            else {
                this.waiting.add(inbox);
                try {
                    if (remaining < 0) {
                        inbox.ready.await();
                    }
                    else {
                        inbox.ready.awaitNanos(remaining);
                    }
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new ClosedChannelException();
                }
                finally {
                    this.waiting.remove(inbox);
                }
            }
        }
    }

    /**
     * Reads the socket (with the lock released) until {@code inbox} has a datagram, its wait is over
     * or it is closed, handing what others get to them; then lets a waiting context take over.
     */
    private void readFor(Inbox inbox, BooleanSupplier hasData, long remainingNanos) throws IOException {
        this.reading = true;
        this.reader = inbox;
        long deadline = (remainingNanos > 0) ? System.nanoTime() + remainingNanos : 0;
        try {
            do {
                Inbox.Datagram datagram;
                long timeoutMillis = (remainingNanos <= 0) ? remainingNanos
                        : Math.max(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()), 1);
                this.lock.unlock();
                try {
                    datagram = receive(timeoutMillis);
                }
                finally {
                    this.lock.lock();
                }
                if (datagram != null) {
                    deliver(datagram);
                }
                else if (remainingNanos >= 0) {
                    return;
                }
            }
            while (!hasData.getAsBoolean() && !inbox.closed && (remainingNanos <= 0 || deadline - System.nanoTime() > 0));
        }
        finally {
            this.reading = false;
            this.reader = null;
        }
    }

    /**
     * When nobody reads the socket, wakes one context that waits with an empty queue, so that it takes
     * over reading; those with a datagram were woken when it was delivered.
     */
    private void handOff() {
        if (this.reading || this.oneWay) {
            return;
        }
        for (Inbox waiter : this.waiting) {
            if (waiter.queue.isEmpty() && !waiter.closed) {
                waiter.ready.signal();
                return;
            }
        }
    }

    /**
     * Receives one datagram into the shared buffer, waiting at most {@code timeoutMillis} (0: not at
     * all; negative: until one comes); {@code null} if none came, for the wake-up datagram
     * {@link #release} sends, and for an oversized one (counted).
     */
    private Inbox.Datagram receive(long timeoutMillis) throws IOException {
        ByteBuffer buffer = this.readBuffer.clear();
        InetSocketAddress source = this.socket.receive(buffer, timeoutMillis);
        if (source == null) {
            return null;
        }
        if (buffer.flip().remaining() > NetContext.MAX_DATAGRAM_SIZE) {
            oversizedDropped();
            return null;
        }
        byte[] payload = new byte[buffer.remaining()];
        buffer.get(payload);
        return new Inbox.Datagram(source, this.socket.destination(), payload);
    }

    private void deliver(Inbox.Datagram datagram) {
        UdpPeer peer = this.peers.get(datagram.source());
        Inbox target = (peer != null) ? peer.inbox() : this.listener;
        if (target.closed || target.queue.size() >= MAX_QUEUED_DATAGRAMS) {
            this.dropped++;
            return;
        }
        target.queue.add(datagram);
        target.ready.signal();
        if (this.driven && target != this.listener && !target.listed) {
            target.listed = true;
            this.readyPeers.add(target);
            this.listener.ready.signal();
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
            else if (this.reader == inbox || (this.oneWay && inbox == this.listener)) {
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
        this.lock.lock();
        try {
            return this.dropped;
        }
        finally {
            this.lock.unlock();
        }
    }

}
