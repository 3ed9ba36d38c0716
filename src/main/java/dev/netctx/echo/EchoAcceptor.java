package dev.netctx.echo;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.DropReason;
import dev.netctx.context.NetContextFactory;
import dev.netctx.context.RefusalReason;
import dev.netctx.context.TrackedContext;
import dev.netctx.net.NetContext;
import dev.netctx.net.NetException;
import dev.netctx.net.NetProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The thread of one listener: each TCP connection becomes a {@link TcpEchoSession} on one of the
 * {@link EchoLoops}; a UDP listener's thread serves all its peers itself, each new one becoming a
 * {@link UdpEchoSession}. A connection or peer beyond {@code max-connections} open sessions is closed
 * at once and counted as refused, and so is one beyond {@code max-connections-per-source} sessions
 * of its source address ({@link SourceSlots}).
 * A UDP listener first asks its {@link DatagramPolicy} whether to answer the new peer at all: if not,
 * the peer's datagrams are dropped and counted, and no session is created.
 * Runs until its listener context is closed.
 */
final class EchoAcceptor implements Runnable {

    private static final Log logger = LogFactory.getLog(EchoAcceptor.class);

    /** How long to wait before accepting again after a failure (e.g. out of file descriptors). */
    private static final long RETRY_DELAY_MILLIS = 100;

    /** How many closed UDP sessions the listener's thread may still know before it forgets them. */
    private static final int FORGET_CLOSED_AFTER = 1024;

    private final TrackedContext listener;

    private final NetctxProperties.Listener config;

    private final NetContextFactory factory;

    private final EchoSessions sessions;

    private final EchoLoops loops;

    private final DatagramPolicy policy;

    private final SourceSlots sourceSlots;

    private final UnsentBudget unsentBudget;

    private final ThrottledLog failures = new ThrottledLog(logger, 10, TimeUnit.SECONDS);

    private final CountDownLatch finished = new CountDownLatch(1);

    EchoAcceptor(TrackedContext listener, NetctxProperties.Listener config, NetContextFactory factory,
            EchoSessions sessions, EchoLoops loops, DatagramPolicy policy, SourceSlots sourceSlots,
            UnsentBudget unsentBudget) {
        this.listener = listener;
        this.policy = policy;
        this.config = config;
        this.factory = factory;
        this.sessions = sessions;
        this.loops = loops;
        this.sourceSlots = sourceSlots;
        this.unsentBudget = unsentBudget;
    }

    @Override
    public void run() {
        try {
            if (this.listener.protocol() == NetProtocol.TCP) {
                acceptConnections();
            }
            else {
                serveDatagrams();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            this.listener.close("stopped accepting");
            this.finished.countDown();
        }
    }

    /** TCP: accepts each connection and hands it to an event loop. */
    private void acceptConnections() throws InterruptedException {
        while (true) {
            NetContext accepted;
            try {
                accepted = this.listener.accept();
            }
            catch (NetException ex) {
                if (!retryAfter(ex)) {
                    return;
                }
                continue;
            }
            try {
                admit(accepted);
            }
            catch (Throwable ex) {
                // out of memory, say: this connection is lost, the listener goes on accepting
                accepted.close();
                this.failures.warn(() -> this.listener + " could not admit a connection and closed it: " + ex);
            }
        }
    }

    /**
     * UDP: this thread serves every peer of the listener, as an event loop would: it takes the next
     * peer with a datagram, admits it if it is new, and echoes what waits for it. A thread hand-off per
     * datagram (one thread per peer) cost 40% of the rate Netty reaches.
     */
    private void serveDatagrams() throws InterruptedException {
        Map<NetContext, UdpEchoSession> served = new IdentityHashMap<>();
        // direct: the JDK sends from it without copying it to a buffer of its own first
        ByteBuffer buffer = ByteBuffer.allocateDirect(NetContext.MAX_DATAGRAM_SIZE);
        while (true) {
            NetContext ready;
            try {
                ready = this.listener.nextReady();
            }
            catch (NetException ex) {
                if (!retryAfter(ex)) {
                    return;
                }
                continue;
            }
            if (ready == null) {
                continue;
            }
            UdpEchoSession session = served.get(ready);
            if (session == null) {
                session = admitPeer(ready);
                if (session == null) {
                    continue;
                }
                served.put(ready, session);
                if (served.size() > this.listener.stats().openSessions() + FORGET_CLOSED_AFTER) {
                    // sessions closed by other threads (idle timeout, REST): forget them, a batch at a time
                    served.values().removeIf(known -> !known.isOpen());
                }
            }
            if (!echoWaiting(session, buffer)) {
                served.remove(ready);
            }
        }
    }

    /** Echoes what waits for a UDP session; {@code false} once it is closed, by its peer, a failure or an unexpected error. */
    private static boolean echoWaiting(UdpEchoSession session, ByteBuffer buffer) {
        try {
            return session.echoWaiting(buffer);
        }
        catch (Throwable ex) {
            session.fail(ex);
            return false;
        }
    }

    /** Whether to go on after a failure: not once the listener is closed; otherwise after a short delay. */
    private boolean retryAfter(NetException ex) throws InterruptedException {
        if (!this.listener.isOpen()) {
            return false;
        }
        logger.warn(this.listener + " failed to accept, retrying in " + RETRY_DELAY_MILLIS + " ms: " + ex.getMessage());
        TimeUnit.MILLISECONDS.sleep(RETRY_DELAY_MILLIS);
        return true;
    }

    private void admit(NetContext accepted) {
        EchoLoop loop = this.loops.next();
        if (loop == null) {
            accepted.close();
            this.failures.warn(() -> this.listener + " has no event loop left to serve connections: closed one");
            return;
        }
        InetSocketAddress peer = (InetSocketAddress) accepted.remoteAddress();
        SourceSlots.Slot slot = this.sourceSlots.acquire(peer.getAddress());
        TrackedContext context = (slot != null) ? track(accepted) : refuse(accepted, RefusalReason.MAX_CONNECTIONS_PER_SOURCE);
        if (context == null) {
            if (slot != null) {
                slot.release();
            }
            return;
        }
        TcpEchoSession session = new TcpEchoSession(context, (int) this.config.bufferSize().toBytes(),
                this.config.idleTimeout().toNanos(), this.sessions, slot, this.unsentBudget);
        this.sessions.add(session);
        loop.add(session);
    }

    /** A session for a new UDP peer, or {@code null} if the policy or the limit turns it away. */
    private UdpEchoSession admitPeer(NetContext accepted) {
        InetSocketAddress peer = (InetSocketAddress) accepted.remoteAddress();
        DropReason refusal = this.policy.refusal(peer, System.nanoTime());
        if (refusal != null) {
            this.factory.drop(this.listener, accepted, refusal);
            return null;
        }
        SourceSlots.Slot slot = this.sourceSlots.acquire(peer.getAddress());
        TrackedContext context = (slot != null) ? track(accepted) : refuse(accepted, RefusalReason.MAX_CONNECTIONS_PER_SOURCE);
        if (context == null) {
            if (slot != null) {
                slot.release();
            }
            return null;
        }
        try {
            context.setNonBlocking();
        }
        catch (NetException ex) {
            context.close(ex.error().name());
            slot.release();
            return null;
        }
        UdpEchoSession session = new UdpEchoSession(context, this.config.idleTimeout().toNanos(), this.sessions, slot,
                this.policy.limiterFor(peer.getAddress()), peer.getAddress());
        this.sessions.add(session);
        return session;
    }

    /**
     * Registers an accepted connection or peer as a session of this listener, or closes it (and
     * returns {@code null}) when the listener already has {@code max-connections} open or it cannot be
     * configured.
     */
    private TrackedContext track(NetContext accepted) {
        if (this.listener.stats().openSessions() >= this.config.maxConnections()) {
            return refuse(accepted, RefusalReason.MAX_CONNECTIONS);
        }
        try {
            return this.factory.session(this.listener, accepted);
        }
        catch (NetException ex) {
            logger.debug(this.listener + " dropped a session it could not configure: " + ex.getMessage());
            accepted.close();
            return null;
        }
    }

    /** Turns a connection or peer away, counted by {@code reason}; always {@code null}, for want of a session. */
    private TrackedContext refuse(NetContext accepted, RefusalReason reason) {
        this.factory.refuse(this.listener, accepted, reason);
        return null;
    }

    /** The listener's name. */
    String name() {
        return this.listener.name();
    }

    /** Closes the listener context: the loop ends, or does not start. */
    void close(String reason) {
        this.listener.close(reason);
    }

    /** Stops accepting: closes the listener context and waits (at most {@code timeoutMillis}) for the loop to end. */
    void stop(long timeoutMillis) throws InterruptedException {
        close("stopped accepting");
        this.finished.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
