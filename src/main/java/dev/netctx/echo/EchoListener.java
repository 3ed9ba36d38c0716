package dev.netctx.echo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.netctx.context.ListenerSettings;
import dev.netctx.context.NetContextFactory;
import dev.netctx.context.NetworkRange;
import dev.netctx.context.TrackedContext;
import dev.netctx.identity.HostIdentity;
import dev.netctx.net.Addresses;
import dev.netctx.net.NetException;
import dev.netctx.net.NetProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.unit.DataSize;

/**
 * Runs the configured echo listeners. {@link #start()} binds every listener (start-up fails if one
 * cannot bind) and runs a long-running task for each on the service's one executor: a TCP
 * listener's accepts connections and hands them to one {@link EchoLoop} per core (tasks of the same
 * executor), a UDP listener's serves all its peers itself; one more task closes sessions idle for
 * longer than their listener's {@code idle-timeout}. {@link #stop()}
 * stops accepting, ends UDP sessions (no echo is in progress once their listener's thread stopped), lets TCP peers finish within the shutdown
 * timeout ({@code spring.lifecycle.timeout-per-shutdown-phase}) and then closes what is left.
 * An event loop that fails (not a session: a failing session is cut and its loop goes on) turns the
 * application's liveness {@linkplain LivenessState#BROKEN broken}, so that an orchestrator restarts it.
 */
class EchoListener implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(EchoListener.class);

    /** How long closed contexts get to let their threads end. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final NetctxProperties properties;

    private final NetContextFactory factory;

    private final Duration shutdownTimeout;

    private final ApplicationEventPublisher events;

    private final EchoSessions sessions = new EchoSessions();

    private final List<EchoAcceptor> acceptors = new ArrayList<>();

    private final Executor executor;

    private final HostIdentity host;

    private final JsonMapper json;

    private final TlsListeners tls;

    /** Counted down when the listener stops: ends the idle reaper's task. */
    private @Nullable CountDownLatch stopping;

    private @Nullable EchoLoops loops;

    private volatile boolean running;

    EchoListener(NetctxProperties properties, NetContextFactory factory, Duration shutdownTimeout,
            ApplicationEventPublisher events, Executor executor, HostIdentity host, JsonMapper json,
            TlsListeners tls) {
        this.properties = properties;
        this.factory = factory;
        this.shutdownTimeout = shutdownTimeout;
        this.events = events;
        this.executor = executor;
        this.host = host;
        this.json = json;
        this.tls = tls;
    }

    @Override
    public synchronized void start() {
        if (this.running) {
            return;
        }
        OutOfMemoryPause.prepare();
        this.loops = startLoops();
        UnsentBudget unsent = unsentBudget();
        List<NetworkRange> trusted = this.properties.trustedRanges();
        for (Map.Entry<String, NetctxProperties.Listener> entry : this.properties.listeners().entrySet()) {
            NetctxProperties.Listener config = entry.getValue();
            this.acceptors.add(new EchoAcceptor(listen(entry.getKey(), config), config, this.factory, this.sessions,
                    this.loops, datagramPolicy(config), new SourceSlots(config.maxConnectionsPerSource(), trusted),
                    unsent, infoAnswer(entry.getKey(), config), proxyProtocol(config), this.tls.get(entry.getKey())));
        }
        this.acceptors.forEach(this.executor::execute);
        CountDownLatch stop = new CountDownLatch(1);
        this.stopping = stop;
        long period = reaperPeriod().toMillis();
        this.executor.execute(() -> reapIdleSessions(period, stop));
        this.running = true;
        logger.info("Echoing on " + this.acceptors.size() + " listener(s): TCP sessions on " + this.properties.eventLoopCount()
                + " event loop(s), the peers of each UDP listener on its own thread");
    }

    /** Closes idle sessions every {@code periodMillis} until {@code stop} is counted down. */
    private void reapIdleSessions(long periodMillis, CountDownLatch stop) {
        Thread.currentThread().setName("netctx-idle-reaper");
        try {
            while (!stop.await(periodMillis, TimeUnit.MILLISECONDS)) {
                closeIdleSessions();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code netctx.event-loops} loops (one per CPU by default), each with a read buffer as large as the largest TCP listener's {@code buffer-size}. */
    private EchoLoops startLoops() {
        long bufferSize = this.properties.listeners().values().stream().filter(l -> l.protocol() == NetProtocol.TCP)
                .mapToLong(l -> l.bufferSize().toBytes()).max().orElse(1);
        try {
            return new EchoLoops(this.properties.eventLoopCount(), (int) bufferSize, this.sessions, (loop, ex) -> AvailabilityChangeEvent
                .publish(this.events, loop.name() + " failed: " + ex, LivenessState.BROKEN), this.executor);
        }
        catch (NetException ex) {
            throw new IllegalStateException("Cannot start the TCP echo loops: " + ex.getMessage(), ex);
        }
    }

    /**
     * The bound on what TCP sessions together hold for peers that do not read: {@code netctx.max-unsent},
     * said at start-up when the listeners' {@code max-connections} x {@code buffer-size} could exceed it.
     */
    private UnsentBudget unsentBudget() {
        long limit = this.properties.maxUnsentBytes(Runtime.getRuntime().maxMemory());
        long worstCase = this.properties.listeners().values().stream().filter(l -> l.protocol() == NetProtocol.TCP)
                .mapToLong(l -> l.maxConnections() * l.bufferSize().toBytes()).sum();
        if (worstCase > limit) {
            logger.info("TCP sessions may hold up to " + DataSize.ofBytes(limit).toMegabytes()
                    + " MB of echoes their peers do not read (netctx.max-unsent; max-connections x buffer-size would be "
                    + DataSize.ofBytes(worstCase).toMegabytes() + " MB): beyond it, the sessions of such peers are cut");
        }
        return new UnsentBudget(limit);
    }

    /** Binds a listener; if it cannot, closes those already bound and fails. */
    private TrackedContext listen(String name, NetctxProperties.Listener config) {
        try {
            TrackedContext listener = this.factory.listen(name, config.protocol(), config.bindAddress(), config.port());
            listener.stats().impairment().set(config.impairment());
            listener.stats().configured(settings(name, config));
            return listener;
        }
        catch (NetException ex) {
            this.acceptors.forEach(acceptor -> acceptor.close("start-up failed"));
            this.acceptors.clear();
            stopLoops();
            throw new ListenerBindException(name,
                    config.protocol().id() + " " + Addresses.format(config.bindAddress(), config.port()), ex);
        }
    }

    /** How the listener is configured, as the REST API shows it: a TLS listener's as its SSL bundle is now. */
    private Supplier<ListenerSettings> settings(String name, NetctxProperties.Listener config) {
        ListenerTls tls = this.tls.get(name);
        String mode = config.mode().name().toLowerCase(Locale.ROOT);
        String proxyProtocol = config.proxyProtocol().name().toLowerCase(Locale.ROOT);
        if (tls == null) {
            ListenerSettings plain = new ListenerSettings(mode, proxyProtocol, null);
            return () -> plain;
        }
        return () -> new ListenerSettings(mode, proxyProtocol, tls.settings());
    }

    /** What an info listener answers; {@code null} for an echo listener. */
    private @Nullable InfoAnswer infoAnswer(String name, NetctxProperties.Listener config) {
        return (config.mode() == ListenerMode.INFO) ? new InfoAnswer(this.json, this.host, name) : null;
    }

    /** The reflection policy of a UDP listener; {@code null} for TCP, which has none. */
    private @Nullable DatagramPolicy datagramPolicy(NetctxProperties.Listener config) {
        if (config.protocol() != NetProtocol.UDP) {
            return null;
        }
        NetctxProperties.UdpRateLimit limit = config.udpRateLimit();
        SourceRateLimiter limiter = (limit.rate() > 0)
                ? new SourceRateLimiter(limit.rate(), limit.burst(), limit.maxSources(), System.nanoTime()) : null;
        return new DatagramPolicy(config.minSourcePort(), this.properties.trustedRanges(), limiter);
    }

    /** What the listener's {@code proxy-protocol} asks of its connections and peers. */
    private ProxyProtocolPolicy proxyProtocol(NetctxProperties.Listener config) {
        NetctxProperties.ProxyProtocol proxyProtocol = this.properties.proxyProtocol();
        return new ProxyProtocolPolicy(config.proxyProtocol(), proxyProtocol.trustedRanges(),
                proxyProtocol.headerTimeout().toNanos());
    }

    /** One round of the reaper's task; it must not fail, or the reaper would stop. */
    private void closeIdleSessions() {
        try {
            this.sessions.closeIdle();
        }
        catch (Throwable ex) {
            logger.warn("Closing idle sessions failed, trying again on the next round: " + ex);
        }
    }

    /**
     * A tenth of the shortest idle timeout (or PROXY protocol header timeout, where a listener takes
     * headers), so that a session outlives its timeout by 10% at most; 10 ms to 1 s.
     */
    private Duration reaperPeriod() {
        Duration shortest = this.properties.listeners().values().stream()
            .map((listener) -> (listener.proxyProtocol() == ProxyProtocolMode.OFF) ? listener.idleTimeout()
                    : min(listener.idleTimeout(), this.properties.proxyProtocol().headerTimeout()))
            .min(Duration::compareTo).orElse(Duration.ofSeconds(10));
        Duration period = shortest.dividedBy(10);
        return (period.toMillis() < 10) ? Duration.ofMillis(10) : (period.getSeconds() >= 1) ? Duration.ofSeconds(1) : period;
    }

    @Override
    public synchronized void stop() {
        if (!this.running) {
            return;
        }
        try {
            for (EchoAcceptor acceptor : this.acceptors) {
                acceptor.stop(CLOSE_TIMEOUT.toMillis());
            }
            this.sessions.stopDatagramSessions();
            drain();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.sessions.closeAll("shutdown");
        }
        finally {
            stopLoops();
            this.acceptors.clear();
            this.stopping.countDown();
            this.running = false;
        }
    }

    /** Lets the TCP sessions finish within the shutdown timeout, then closes those left; logs both ends. */
    private void drain() throws InterruptedException {
        int draining = this.sessions.size();
        if (draining == 0) {
            return;
        }
        long started = System.nanoTime();
        logger.info("Draining " + draining + " session(s) for at most " + seconds(this.shutdownTimeout.toNanos())
                + " (spring.lifecycle.timeout-per-shutdown-phase)");
        int left = this.sessions.awaitEnd(this.shutdownTimeout) ? 0 : this.sessions.size();
        if (left > 0) {
            this.sessions.closeAll("shutdown");
            this.sessions.awaitEnd(CLOSE_TIMEOUT);
        }
        logger.info("Drained in " + seconds(System.nanoTime() - started) + ": " + (draining - left)
                + " session(s) finished, " + left + " closed at the timeout");
    }

    private static Duration min(Duration one, Duration other) {
        return (one.compareTo(other) <= 0) ? one : other;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private void stopLoops() {
        try {
            this.loops.stop(CLOSE_TIMEOUT.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }
}
