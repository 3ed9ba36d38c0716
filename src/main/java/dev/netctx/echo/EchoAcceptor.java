package dev.netctx.echo;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.DropReason;
import dev.netctx.context.NetContextFactory;
import dev.netctx.context.RefusalReason;
import dev.netctx.context.TrackedContext;
import dev.netctx.logging.RateLimitedLog;
import dev.netctx.net.NetContext;
import dev.netctx.net.NetException;
import dev.netctx.net.NetProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The thread of one listener: each TCP connection becomes a {@link TcpEchoSession} on one of the
 * {@link EchoLoops}; a UDP listener's thread serves all its peers itself, each new one becoming a
 * {@link UdpEchoSession}. A connection or peer beyond {@code max-connections} open sessions is closed
 * at once and counted as refused (a new UDP peer first takes the place of the quietest peer on
 * probation, see {@link UdpSessionTable}), and so is one beyond {@code max-connections-per-source} sessions
 * of its source address ({@link SourceSlots}).
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

    private final @Nullable DatagramPolicy policy;

    private final SourceSlots sourceSlots;

    private final UnsentBudget unsentBudget;

    /** What an info listener answers; {@code null} for an echo listener. */
    private final @Nullable InfoAnswer info;

    private final ProxyProtocolPolicy proxyProtocol;

    /** UDP: the listener's impairment of its answers, on this thread. */
    private final DatagramImpairment impairment;

    /** The listener's TLS configuration, or {@code null} for a plain listener. */
    private final @Nullable ListenerTls tls;

    /** A DTLS listener's handshakes and timers; {@code null} for plain UDP and for TCP. */
    private final @Nullable DtlsService dtls;

    private final RateLimitedLog failures = new RateLimitedLog(logger, Duration.ofSeconds(10));

    /** UDP: the sessions, quietest first, to make room for new peers in a full listener. */
    private final UdpSessionTable table = new UdpSessionTable();

    private final CountDownLatch finished = new CountDownLatch(1);

    EchoAcceptor(TrackedContext listener, NetctxProperties.Listener config, NetContextFactory factory,
            EchoSessions sessions, EchoLoops loops, @Nullable DatagramPolicy policy, SourceSlots sourceSlots,
            UnsentBudget unsentBudget, @Nullable InfoAnswer info, ProxyProtocolPolicy proxyProtocol, @Nullable ListenerTls tls) {
        this.listener = listener;
        this.dtls = (tls != null && listener.protocol() == NetProtocol.UDP) ? new DtlsService(tls) : null;
        this.policy = policy;
        this.config = config;
        this.factory = factory;
        this.sessions = sessions;
        this.loops = loops;
        this.sourceSlots = sourceSlots;
        this.unsentBudget = unsentBudget;
        this.info = info;
        this.proxyProtocol = proxyProtocol;
        this.impairment = new DatagramImpairment(listener.stats().impairment());
        this.tls = tls;
        if (tls != null) {
            listener.stats().impairment().unsupported("The listener '" + name() + "' runs "
                    + ((this.dtls != null) ? "DTLS" : "TLS") + " (ssl.bundle): an impairment works on plain sessions only");
        }
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
            catch (VirtualMachineError ex) {
                OutOfMemoryPause.after(ex, this.listener.name());
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
     * UDP: this thread serves every peer of the listener, as an event loop would: it receives the next
     * datagram, admits its peer if it is new (the session is attached to the peer's context), and
     * echoes it from the same buffer. A thread hand-off per datagram (one thread per peer) cost 40% of
     * the rate Netty reaches. Datagrams that the listener's impairment held back are answered when
     * due: the wait for the next datagram ends by then.
     */
    private void serveDatagrams() throws InterruptedException {
        // direct: the kernel receives into it and the JDK sends from it, with no copy of their own
        ByteBuffer buffer = ByteBuffer.allocateDirect(NetContext.RECEIVE_BUFFER_SIZE);
        while (true) {
            NetContext peer;
            try {
                this.impairment.runDue(System.nanoTime());
                long waitMillis = this.impairment.pollTimeoutMillis(System.nanoTime());
                if (this.dtls != null) {
                    waitMillis = sooner(waitMillis, this.dtls.waitMillis(System.nanoTime()));
                }
                peer = this.listener.receive(buffer.clear(), waitMillis);
                if (this.dtls != null) {
                    this.dtls.runTimers(System.nanoTime());
                }
            }
            catch (NetException ex) {
                if (!retryAfter(ex)) {
                    return;
                }
                continue;
            }
            catch (VirtualMachineError ex) {
                OutOfMemoryPause.after(ex, this.listener.name());
                continue;
            }
            if (peer == null) {
                continue;
            }
            buffer.flip();
            UdpEchoSession session = (UdpEchoSession) peer.attachment();
            if (session == null) {
                session = admitPeerSafely(peer, buffer);
                if (session == null) {
                    continue;
                }
                peer.attach(session);
                this.table.admitted(session, this.listener.stats().openSessions());
            }
            else {
                this.table.active(session);
            }
            echo(session, buffer);
        }
    }

    /** Echoes one datagram of a UDP session; an unexpected error (out of memory, say) fails that session only. */
    private static void echo(UdpEchoSession session, ByteBuffer datagram) {
        try {
            session.echo(datagram);
        }
        catch (Throwable ex) {
            session.fail(ex);
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
        if (this.proxyProtocol.refuses(peer.getAddress())) {
            refuse(accepted, RefusalReason.UNTRUSTED_PROXY);
            return;
        }
        SourceSlots.Slot slot = this.proxyProtocol.relays(peer.getAddress()) ? SourceSlots.Slot.UNCOUNTED
                : this.sourceSlots.acquire(peer.getAddress());
        TrackedContext context = (slot != null) ? track(accepted) : refuse(accepted, RefusalReason.MAX_CONNECTIONS_PER_SOURCE);
        if (context == null) {
            if (slot != null) {
                slot.release();
            }
            return;
        }
        if (this.config.sendBufferSize() != null) {
            try {
                context.setSendBufferSize((int) this.config.sendBufferSize().toBytes());
            }
            catch (NetException ex) {
                context.close(ex.error().name());
                slot.release();
                return;
            }
        }
        LoopSession session = (this.info != null)
                ? new InfoTcpSession(context, this.info, this.config.idleTimeout().toNanos(), this.sessions, slot)
                : new TcpEchoSession(context, (int) this.config.bufferSize().toBytes(),
                        this.config.idleTimeout().toNanos(), this.sessions, slot, this.unsentBudget,
                        this.proxyProtocol.stage(peer, this.sourceSlots), stream(context));
        this.sessions.add(session);
        loop.add(session);
    }

    /** What a TCP session reads and writes: its connection, or TLS over it. */
    private EchoStream stream(TrackedContext context) {
        return (this.tls == null) ? EchoStream.plain(context)
                : new TlsEchoStream(context, this.tls.config(), this.tls.handshakeTimeoutNanos());
    }

    /** The shorter of two waits in milliseconds, where {@code -1} is for ever. */
    private static long sooner(long a, long b) {
        return (a < 0) ? b : (b < 0) ? a : Math.min(a, b);
    }

    /** {@link #admitPeer}, losing only this peer's datagram if admitting it fails unexpectedly (out of memory, say). */
    private @Nullable UdpEchoSession admitPeerSafely(NetContext accepted, ByteBuffer datagram) {
        try {
            return admitPeer(accepted, datagram);
        }
        catch (Throwable ex) {
            accepted.close();
            this.failures.warn(() -> this.listener + " could not admit a peer and dropped its datagram: " + ex);
            return null;
        }
    }

    private @Nullable UdpEchoSession admitPeer(NetContext accepted, ByteBuffer datagram) {
        InetSocketAddress peer = (InetSocketAddress) accepted.remoteAddress();
        boolean relayed = this.proxyProtocol.relays(peer.getAddress());
        DropReason refusal = this.proxyProtocol.refuses(peer.getAddress()) ? DropReason.UNTRUSTED_PROXY
                : relayed ? this.policy.portRefusal(peer) : this.policy.refusal(peer, System.nanoTime());
        if (refusal == null && this.dtls != null && !this.dtls.admits(this.listener, accepted, datagram)) {
            accepted.close(); // answered with a HelloVerifyRequest, or dropped and counted
            return null;
        }
        if (refusal != null) {
            this.factory.drop(this.listener, accepted, refusal);
            return null;
        }
        SourceSlots.Slot slot = relayed ? SourceSlots.Slot.UNCOUNTED : this.sourceSlots.acquire(peer.getAddress());
        if (slot != null && this.listener.stats().openSessions() >= this.config.maxConnections()) {
            this.table.evictOne(System.nanoTime());
        }
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
        UdpEchoSession session = (this.dtls != null)
                ? new DtlsEchoSession(context, this.config.idleTimeout().toNanos(), this.sessions, slot,
                        this.policy.limiterFor(peer.getAddress()), peer, this.dtls, this.impairment)
                : (this.info != null)
                ? new InfoUdpSession(context, this.config.idleTimeout().toNanos(), this.sessions, slot,
                        this.policy.limiterFor(peer.getAddress()), peer.getAddress(), this.info,
                        this.policy.trusts(peer.getAddress()), this.impairment)
                : new UdpEchoSession(context, this.config.idleTimeout().toNanos(), this.sessions, slot,
                        relayed ? null : this.policy.limiterFor(peer.getAddress()), peer.getAddress(),
                        this.proxyProtocol.datagrams(peer, this.policy), this.impairment);
        this.sessions.add(session);
        return session;
    }

    /**
     * Registers an accepted connection or peer as a session of this listener, or closes it (and
     * returns {@code null}) when the listener already has {@code max-connections} open or it cannot be
     * configured.
     */
    private @Nullable TrackedContext track(NetContext accepted) {
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
    private @Nullable TrackedContext refuse(NetContext accepted, RefusalReason reason) {
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
