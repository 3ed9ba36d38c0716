package dev.netctx.echo;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
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
 * at once and counted as refused.
 * A UDP listener first asks its {@link DatagramPolicy} whether to answer the new peer at all: if not,
 * the peer's datagrams are dropped and counted, and no session is created.
 * Runs until its listener context is closed.
 */
final class EchoAcceptor implements Runnable {

    private static final Log logger = LogFactory.getLog(EchoAcceptor.class);

    /** How long to wait before accepting again after a failure (e.g. out of file descriptors). */
    private static final long RETRY_DELAY_MILLIS = 100;

    private final TrackedContext listener;

    private final NetctxProperties.Listener config;

    private final NetContextFactory factory;

    private final EchoSessions sessions;

    private final EchoLoops loops;

    private final DatagramPolicy policy;

    private final CountDownLatch finished = new CountDownLatch(1);

    EchoAcceptor(TrackedContext listener, NetctxProperties.Listener config, NetContextFactory factory,
            EchoSessions sessions, EchoLoops loops, DatagramPolicy policy) {
        this.listener = listener;
        this.policy = policy;
        this.config = config;
        this.factory = factory;
        this.sessions = sessions;
        this.loops = loops;
    }

    /** The name of the thread while it runs: {@code netctx-tcp-accept-<name>} or {@code netctx-udp-<name>}. */
    String threadName() {
        return (this.listener.protocol() == NetProtocol.TCP) ? "netctx-tcp-accept-" + name() : "netctx-udp-" + name();
    }

    @Override
    public void run() {
        Thread.currentThread().setName(threadName());
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
            admit(accepted);
        }
    }

    /**
     * UDP: this thread serves every peer of the listener, as an event loop would: it receives the next
     * datagram, admits its peer if it is new (the session is attached to the peer's context), and
     * echoes it from the same buffer. A thread hand-off per datagram (one thread per peer) cost 40% of
     * the rate Netty reaches.
     */
    private void serveDatagrams() throws InterruptedException {
        // direct: the kernel receives into it and the JDK sends from it, with no copy of their own
        ByteBuffer buffer = ByteBuffer.allocateDirect(NetContext.RECEIVE_BUFFER_SIZE);
        while (true) {
            NetContext peer;
            try {
                peer = this.listener.receive(buffer.clear());
            }
            catch (NetException ex) {
                if (!retryAfter(ex)) {
                    return;
                }
                continue;
            }
            if (peer == null) {
                continue;
            }
            UdpEchoSession session = (UdpEchoSession) peer.attachment();
            if (session == null) {
                session = admitPeer(peer);
                if (session == null) {
                    continue;
                }
                peer.attach(session);
            }
            session.echo(buffer.flip());
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
        TrackedContext context = track(accepted);
        if (context == null) {
            return;
        }
        TcpEchoSession session = new TcpEchoSession(context, (int) this.config.bufferSize().toBytes(),
                this.config.idleTimeout().toNanos(), this.sessions);
        this.sessions.add(session);
        this.loops.next().add(session);
    }

    /** A session for a new UDP peer, or {@code null} if the policy or the limit turns it away. */
    private UdpEchoSession admitPeer(NetContext accepted) {
        InetSocketAddress peer = (InetSocketAddress) accepted.remoteAddress();
        DropReason refusal = this.policy.refusal(peer, System.nanoTime());
        if (refusal != null) {
            this.factory.drop(this.listener, accepted, refusal);
            return null;
        }
        TrackedContext context = track(accepted);
        if (context == null) {
            return null;
        }
        try {
            context.setNonBlocking();
        }
        catch (NetException ex) {
            context.close(ex.error().name());
            return null;
        }
        UdpEchoSession session = new UdpEchoSession(context, this.config.idleTimeout().toNanos(), this.sessions,
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
            this.factory.refuse(this.listener, accepted, RefusalReason.MAX_CONNECTIONS);
            return null;
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
