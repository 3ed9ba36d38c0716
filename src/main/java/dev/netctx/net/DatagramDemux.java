package dev.netctx.net;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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
 * <p>The socket is closed when the listener and every accepted context are closed, so that accepted
 * peers outlive their listener as they do in mbed TLS.
 */
final class DatagramDemux {

    /** Datagrams one context holds at most before newer ones are dropped. */
    static final int MAX_QUEUED_DATAGRAMS = 4096;

    /** The receive buffer asked for the shared socket (what Netty asks for too). */
    static final int RECEIVE_BUFFER_SIZE = 4 * 1024 * 1024;

    private final DatagramChannel socket;

    private final ReentrantLock lock = new ReentrantLock();

    private final Map<InetSocketAddress, Inbox> peers = new HashMap<>();

    /** Contexts waiting for data while another thread reads: one of them takes over when it stops. */
    private final ArrayDeque<Inbox> waiting = new ArrayDeque<>();

    private final Inbox listener = new Inbox(null);

    /** Where the socket receives: direct, so that the JDK receives into it without a copy. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(NetContext.MAX_DATAGRAM_SIZE);

    /** Where a receive with a timeout goes ({@code DatagramSocket} takes arrays only); made when first needed. */
    private byte[] timedReadBuffer;

    private boolean reading;

    /** Whether the listener's thread serves its peers ({@link #nextReady}): deliveries then list them. */
    private boolean driven;

    /** Accepted peers that received a datagram since {@link #nextReady} last returned them. */
    private final ArrayDeque<Inbox> readyPeers = new ArrayDeque<>();

    /** The context whose thread reads the socket now, if any. */
    private Inbox reader;

    /** Where the socket sends itself an empty datagram to end a blocking read (its own port, on loopback). */
    private final InetSocketAddress wakeAddress;

    private int users = 1;

    private long dropped;

    DatagramDemux(DatagramChannel socket) throws IOException {
        this.socket = socket;
        InetSocketAddress local = (InetSocketAddress) socket.getLocalAddress();
        InetAddress address = local.getAddress();
        InetAddress loopback = (address instanceof Inet6Address) ? InetAddress.getByName("::1") : InetAddress.getByName("127.0.0.1");
        this.wakeAddress = new InetSocketAddress(address.isAnyLocalAddress() ? loopback : address, local.getPort());
        try {
            // one socket serves every peer: give it the buffer that many would have had (capped by net.core.rmem_max)
            socket.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_SIZE);
        }
        catch (IOException | UnsupportedOperationException ex) {
            // the kernel's default is still a working buffer
        }
    }

    /** The queue of the listening context: datagrams of peers that have no context yet. */
    Inbox listener() {
        return this.listener;
    }

    /**
     * Gives {@code first.source()} a queue of its own, holding {@code first} and every datagram of
     * that peer still waiting in the listener's queue, in order.
     */
    Inbox register(Datagram first) {
        this.lock.lock();
        try {
            InetSocketAddress peer = first.source();
            Inbox inbox = new Inbox(peer);
            inbox.queue.add(first);
            for (Iterator<Datagram> it = this.listener.queue.iterator(); it.hasNext();) {
                Datagram datagram = it.next();
                if (datagram.source().equals(peer)) {
                    inbox.queue.add(datagram);
                    it.remove();
                }
            }
            this.peers.put(peer, inbox);
            this.users++;
            return inbox;
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
    Datagram take(Inbox inbox, long timeoutNanos) throws IOException {
        this.lock.lock();
        try {
            return await(inbox, timeoutNanos) ? inbox.queue.poll() : null;
        }
        finally {
            this.lock.unlock();
        }
    }

    /** Whether {@code inbox} has a datagram, waiting at most {@code timeoutNanos} for one (as {@link #take}). */
    boolean poll(Inbox inbox, long timeoutNanos) throws IOException {
        this.lock.lock();
        try {
            return await(inbox, timeoutNanos);
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
            if (this.driven && inbox != this.listener && timeoutNanos == 0) {
                // the listener's thread reads for every peer: a peer's non-blocking recv takes what is queued only
                return false;
            }
            long remaining = (timeoutNanos < 0) ? -1 : (timeoutNanos == 0) ? 0 : Math.max(deadline - System.nanoTime(), 0);
            if (timeoutNanos > 0 && remaining == 0) {
                return false;
            }
            if (!this.reading) {
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
                Datagram datagram;
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
        if (this.reading) {
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
     * Receives one datagram, waiting at most {@code timeoutMillis} (0: not at all; negative: until one
     * comes); {@code null} if none came, or for the wake-up datagram {@link #release} sends.
     */
    private Datagram receive(long timeoutMillis) throws IOException {
        if (timeoutMillis > 0) {
            return timedReceive(timeoutMillis);
        }
        ByteBuffer buffer = this.readBuffer.clear();
        SocketAddress source;
        if (timeoutMillis < 0) {
            source = this.socket.receive(buffer);
        }
        else {
            this.socket.configureBlocking(false);
            try {
                source = this.socket.receive(buffer);
            }
            finally {
                this.socket.configureBlocking(true);
            }
        }
        if (source == null || source.equals(this.wakeAddress)) {
            return null;
        }
        byte[] payload = new byte[buffer.flip().remaining()];
        buffer.get(payload);
        return new Datagram((InetSocketAddress) source, payload);
    }

    private Datagram timedReceive(long timeoutMillis) throws IOException {
        if (this.timedReadBuffer == null) {
            this.timedReadBuffer = new byte[NetContext.MAX_DATAGRAM_SIZE];
        }
        DatagramPacket packet = new DatagramPacket(this.timedReadBuffer, this.timedReadBuffer.length);
        try {
            this.socket.socket().setSoTimeout((int) Math.min(timeoutMillis, Integer.MAX_VALUE));
            this.socket.socket().receive(packet);
        }
        catch (SocketTimeoutException ex) {
            return null;
        }
        SocketAddress source = packet.getSocketAddress();
        if (source.equals(this.wakeAddress)) {
            return null;
        }
        return new Datagram((InetSocketAddress) source, Arrays.copyOf(this.timedReadBuffer, packet.getLength()));
    }

    private void deliver(Datagram datagram) {
        Inbox target = this.peers.get(datagram.source());
        if (target == null) {
            target = this.listener;
        }
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

    /** Sends one datagram to {@code peer} from the shared socket. */
    int send(ByteBuffer buf, InetSocketAddress peer) throws IOException {
        return this.socket.send(buf, peer);
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
            if (inbox.peer != null) {
                this.peers.remove(inbox.peer, inbox);
            }
            if (--this.users == 0) {
                this.socket.close();
            }
            else if (this.reader == inbox) {
                // its thread may be blocked reading the socket for ever: an empty datagram to itself ends that
                this.socket.send(ByteBuffer.allocate(0), this.wakeAddress);
            }
        }
        catch (IOException ex) {
            // the descriptor is released either way
        }
        finally {
            this.lock.unlock();
        }
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

    /** The queue of one context: the listener's ({@code peer == null}) or an accepted peer's. */
    final class Inbox {

        private final InetSocketAddress peer;

        private final ArrayDeque<Datagram> queue = new ArrayDeque<>();

        private final Condition ready = DatagramDemux.this.lock.newCondition();

        private boolean closed;

        /** Whether this inbox is in {@code readyPeers}. */
        private boolean listed;

        /** The context this inbox belongs to. */
        private Object owner;

        private Inbox(InetSocketAddress peer) {
            this.peer = peer;
        }

        Object owner() {
            return this.owner;
        }

        void owner(Object owner) {
            this.owner = owner;
        }

        boolean isClosed() {
            DatagramDemux.this.lock.lock();
            try {
                return this.closed;
            }
            finally {
                DatagramDemux.this.lock.unlock();
            }
        }
    }

    /** A received datagram and where it came from. */
    record Datagram(InetSocketAddress source, byte[] payload) {
    }
}
