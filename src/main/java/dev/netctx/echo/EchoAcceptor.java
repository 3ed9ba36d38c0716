package dev.netctx.echo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
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
 * The accept loop of one listener: each TCP connection becomes a {@link TcpEchoSession} on one of
 * the {@link EchoLoops}, each new UDP peer a {@link UdpEchoSession} on a thread of its own, unless the listener already has
 * {@code max-connections} sessions open, in which case it is closed at once and counted as refused.
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

    private final Executor executor;

    private final EchoLoops loops;

    private final DatagramPolicy policy;

    private final CountDownLatch finished = new CountDownLatch(1);

    EchoAcceptor(TrackedContext listener, NetctxProperties.Listener config, NetContextFactory factory,
            EchoSessions sessions, Executor executor, EchoLoops loops, DatagramPolicy policy) {
        this.listener = listener;
        this.policy = policy;
        this.config = config;
        this.factory = factory;
        this.sessions = sessions;
        this.executor = executor;
        this.loops = loops;
    }

    @Override
    public void run() {
        try {
            while (true) {
                NetContext accepted;
                try {
                    accepted = this.listener.accept();
                }
                catch (NetException ex) {
                    if (!this.listener.isOpen()) {
                        return;
                    }
                    logger.warn(this.listener + " failed to accept, retrying in " + RETRY_DELAY_MILLIS + " ms: "
                            + ex.getMessage());
                    TimeUnit.MILLISECONDS.sleep(RETRY_DELAY_MILLIS);
                    continue;
                }
                admit(accepted);
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

    private void admit(NetContext accepted) {
        SourceRateLimiter limiter = null;
        InetAddress source = null;
        if (this.policy != null) {
            InetSocketAddress peer = (InetSocketAddress) accepted.remoteAddress();
            source = peer.getAddress();
            DropReason refusal = this.policy.refusal(peer, System.nanoTime());
            if (refusal != null) {
                this.factory.drop(this.listener, accepted, refusal);
                return;
            }
            limiter = this.policy.limiterFor(source);
        }
        if (this.listener.stats().openSessions() >= this.config.maxConnections()) {
            this.factory.refuse(this.listener, accepted, RefusalReason.MAX_CONNECTIONS);
            return;
        }
        TrackedContext context;
        try {
            context = this.factory.session(this.listener, accepted);
        }
        catch (NetException ex) {
            logger.debug(this.listener + " dropped a connection it could not configure: " + ex.getMessage());
            return;
        }
        long idleTimeoutNanos = this.config.idleTimeout().toNanos();
        if (context.protocol() == NetProtocol.TCP) {
            TcpEchoSession session = new TcpEchoSession(context, (int) this.config.bufferSize().toBytes(), idleTimeoutNanos,
                    this.sessions);
            this.sessions.add(session);
            this.loops.next().add(session);
            return;
        }
        UdpEchoSession session = new UdpEchoSession(context, NetContext.MAX_DATAGRAM_SIZE, idleTimeoutNanos, this.sessions,
                limiter, source);
        this.sessions.add(session);
        try {
            this.executor.execute(session);
        }
        catch (RuntimeException | OutOfMemoryError ex) {
            logger.warn("No thread for " + context + ": " + ex);
            context.close("no thread");
            this.sessions.remove(session);
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
