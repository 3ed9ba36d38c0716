package dev.netctx.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The queued path of a {@link DatagramDemux}: {@code accept}, {@code nextReady} and the
 * {@code recv} and {@code poll} of a listener or accepted peer. Whichever thread waits for data
 * while nobody else reads the socket becomes its reader (a leader/followers scheme): it hands each
 * datagram to the queue of its peer's context, or to the listener's queue when the peer has none
 * yet, and wakes only the context concerned; when it has what it waited for, a waiting context
 * takes over. Everything here is guarded by the demux's lock, which a reader releases while it
 * waits on the socket.
 *
 * <p>Every receive goes into a buffer of {@value NetContext#RECEIVE_BUFFER_SIZE} bytes, so that a
 * datagram larger than {@value NetContext#MAX_DATAGRAM_SIZE} bytes (an IPv6 one, or a jumbogram) is
 * seen as such: it is dropped and counted, never truncated.
 */
final class DatagramQueues {

    private final DatagramDemux demux;

    private final ListenerSocket socket;

    private final ReentrantLock lock;

    private final Inbox listener;

    /** Contexts waiting for data while another thread reads: one of them takes over when it stops. */
    private final ArrayDeque<Inbox> waiting = new ArrayDeque<>();

    /** Where the socket receives: direct, so that it receives into it without a copy. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(NetContext.RECEIVE_BUFFER_SIZE);

    private boolean reading;

    /** Whether the listener's thread serves its peers ({@link #nextReady}): deliveries then list them. */
    private boolean driven;

    /** Whether one thread receives for every peer ({@link UdpListener#receive}): nobody else then reads the socket. */
    private volatile boolean oneWay;

    /** Accepted peers that received a datagram since {@link #nextReady} last returned them. */
    private final ArrayDeque<Inbox> readyPeers = new ArrayDeque<>();

    /** The context whose thread reads the socket now, if any. */
    private @Nullable Inbox reader;

    private long dropped;

    DatagramQueues(DatagramDemux demux, ListenerSocket socket, ReentrantLock lock, Inbox listener) {
        this.demux = demux;
        this.socket = socket;
        this.lock = lock;
        this.listener = listener;
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

    /** Whether a thread may be blocked reading the socket for {@code inbox}, which is closing (under the lock). */
    boolean readsFor(Inbox inbox) {
        return this.reader == inbox || (this.oneWay && inbox == this.listener);
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

    /**
     * Takes the next datagram of {@code inbox}, waiting at most {@code timeoutNanos} (negative: for
     * ever; 0: not at all).
     * @return the datagram, or {@code null} if none came in time
     */
    Inbox.@Nullable Datagram take(Inbox inbox, long timeoutNanos) throws IOException {
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
    @Nullable Inbox nextReady(long timeoutNanos) throws IOException {
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
     * {@link DatagramDemux#release} sends, and for an oversized one (counted).
     */
    private Inbox.@Nullable Datagram receive(long timeoutMillis) throws IOException {
        ByteBuffer buffer = this.readBuffer.clear();
        InetSocketAddress source = this.socket.receive(buffer, timeoutMillis);
        if (source == null) {
            return null;
        }
        if (buffer.flip().remaining() > NetContext.MAX_DATAGRAM_SIZE) {
            this.demux.oversizedDropped();
            return null;
        }
        byte[] payload = new byte[buffer.remaining()];
        buffer.get(payload);
        return new Inbox.Datagram(source, this.socket.destination(), payload);
    }

    private void deliver(Inbox.Datagram datagram) {
        UdpPeer peer = this.demux.accepted(datagram.source());
        Inbox target = (peer != null) ? peer.inbox() : this.listener;
        if (target.closed || target.queue.size() >= DatagramDemux.MAX_QUEUED_DATAGRAMS) {
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
}
