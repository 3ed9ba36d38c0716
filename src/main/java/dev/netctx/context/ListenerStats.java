package dev.netctx.context;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.netctx.impair.ListenerImpairment;
import dev.netctx.net.NetContext;
import dev.netctx.net.NetError;
import dev.netctx.net.NetProtocol;
import org.jspecify.annotations.Nullable;

/**
 * Live statistics of one listener and its sessions. Sessions add to the counters from many threads
 * without contention ({@link LongAdder}); readers, such as metrics that poll these methods, never
 * slow the data path. Counters only grow while the application runs, also across a listener's
 * restart.
 */
public final class ListenerStats {

    private final String name;

    private final NetProtocol protocol;

    private final AtomicInteger openSessions = new AtomicInteger();

    private final LongAdder accepted = new LongAdder();

    private final LongAdder bytesReceived = new LongAdder();

    private final LongAdder bytesSent = new LongAdder();

    private final Map<RefusalReason, LongAdder> refused = filledWithAdders(RefusalReason.class);

    private final Map<NetError, LongAdder> errors = filledWithAdders(NetError.class);

    private final Map<DropReason, LongAdder> dropped = filledWithAdders(DropReason.class);

    private final Map<CutReason, LongAdder> cut = filledWithAdders(CutReason.class);

    private final Map<HandshakeResult, LongAdder> handshakes = filledWithAdders(HandshakeResult.class);

    private final LongAdder handshakeNanos = new LongAdder();

    private final RefusalLog refusalLog = new RefusalLog(this);

    private final ListenerImpairment impairment;

    private final RateWindow rates;

    private final ThroughputHistory history;

    private volatile @Nullable TrackedContext listenerContext;

    private volatile @Nullable SocketAddress localAddress;

    private volatile Supplier<ListenerSettings> settings = () -> ListenerSettings.PLAIN_ECHO;

    ListenerStats(String name, NetProtocol protocol) {
        this.name = name;
        this.protocol = protocol;
        this.impairment = new ListenerImpairment(protocol);
        long now = System.nanoTime();
        this.rates = new RateWindow(now);
        this.history = new ThroughputHistory(now);
    }

    /** The listener's name ({@code netctx.listeners.<name>}). */
    public String name() {
        return this.name;
    }

    /** The listener's transport. */
    public NetProtocol protocol() {
        return this.protocol;
    }

    /** The address the listener is (or was last) bound to, with the actual port; {@code null} if it never bound. */
    public @Nullable SocketAddress localAddress() {
        return this.localAddress;
    }

    /** The port the listener is (or was last) bound to, or {@code -1} if it never bound. */
    public int port() {
        return (this.localAddress instanceof InetSocketAddress inet) ? inet.getPort() : -1;
    }

    /** Whether the listener is bound and accepting now. */
    public boolean isAccepting() {
        TrackedContext current = this.listenerContext;
        return current != null && current.isOpen();
    }

    /** Sessions open now. */
    public int openSessions() {
        return this.openSessions.get();
    }

    /** Sessions accepted so far. */
    public long accepted() {
        return this.accepted.sum();
    }

    /** Connections or peers turned away so far for the given reason. */
    public long refused(RefusalReason reason) {
        return this.refused.get(reason).sum();
    }

    /** Bytes the listener's sessions received so far. */
    public long bytesReceived() {
        return this.bytesReceived.sum();
    }

    /** Bytes the listener's sessions sent so far. */
    public long bytesSent() {
        return this.bytesSent.sum();
    }

    /** Failures of the given kind on the listener or its sessions so far. */
    public long errors(NetError error) {
        return this.errors.get(error).sum();
    }

    /** Datagrams received and not echoed so far for the given reason (UDP listeners only). */
    public long dropped(DropReason reason) {
        long counted = this.dropped.get(reason).sum();
        TrackedContext listener = this.listenerContext;
        return (listener != null) ? counted + countedBySocket(listener.context(), reason) : counted;
    }

    /** Sessions the service ended so far for the given reason. */
    public long cut(CutReason reason) {
        return this.cut.get(reason).sum();
    }

    /** How the listener is configured: its mode, PROXY protocol and TLS or DTLS. */
    public ListenerSettings settings() {
        return this.settings.get();
    }

    /**
     * Records how the listener is configured, when it starts: {@code settings} is asked each time
     * they are shown, so that a TLS listener's follow the SSL bundle it uses now (a reloaded bundle
     * may enable other protocols).
     */
    public void configured(Supplier<ListenerSettings> settings) {
        this.settings = settings;
    }

    /** The faults the listener injects into its sessions' traffic now, and what they did so far. */
    public ListenerImpairment impairment() {
        return this.impairment;
    }

    /** TLS or DTLS handshakes of its sessions so far that ended with {@code result}. */
    public long handshakes(HandshakeResult result) {
        return this.handshakes.get(result).sum();
    }

    /** The time the finished handshakes took, together, in nanoseconds. */
    public long handshakeNanos() {
        return this.handshakeNanos.sum();
    }

    /** A snapshot of these statistics. */
    public ListenerInfo info() {
        SocketAddress local = this.localAddress;
        ListenerSettings settings = settings();
        return new ListenerInfo(this.name, this.protocol, (local != null) ? NetContext.format(local) : null,
                isAccepting(), openSessions(), accepted(), nonZero(this.refused, RefusalReason::tag), bytesReceived(),
                bytesSent(), nonZero(this.errors, NetError::name), nonZeroDropped(), nonZero(this.cut, CutReason::tag), this.rates.rateIn(),
                this.rates.rateOut(), this.impairment.info(), settings.mode(), settings.proxyProtocol(), settings.tls());
    }

    /** The throughput of its sessions over the last minutes, one value a second. */
    public ListenerThroughput throughput() {
        return this.history.snapshot(this.name);
    }

    /** Samples the byte counters for the rates and the history (called by {@link ContextSampler}'s thread only). */
    void sample(long nanos) {
        long received = bytesReceived();
        long sent = bytesSent();
        this.rates.sample(nanos, received, sent);
        this.history.sample(nanos, received, sent);
    }

    void listening(TrackedContext listener) {
        TrackedContext previous = this.listenerContext;
        if (previous != null) {
            // a restarted listener has a new socket: keep what the old one dropped
            this.dropped.get(DropReason.QUEUE_FULL).add(countedBySocket(previous.context(), DropReason.QUEUE_FULL));
            this.dropped.get(DropReason.OVERSIZED).add(countedBySocket(previous.context(), DropReason.OVERSIZED));
        }
        this.listenerContext = listener;
        this.localAddress = listener.context().localAddress();
    }

    /** What a UDP listener's socket counted itself for {@code reason}: full queues, oversized datagrams. */
    private static long countedBySocket(NetContext socket, DropReason reason) {
        return switch (reason) {
            case QUEUE_FULL -> socket.droppedDatagrams();
            case OVERSIZED -> socket.oversizedDatagrams();
            default -> 0;
        };
    }

    void sessionOpened() {
        this.openSessions.incrementAndGet();
        this.accepted.increment();
    }

    void sessionClosed() {
        this.openSessions.decrementAndGet();
    }

    void countRefused(RefusalReason reason) {
        this.refused.get(reason).increment();
        this.refusalLog.turnedAway();
    }

    void countDropped(DropReason reason) {
        this.dropped.get(reason).increment();
        this.refusalLog.turnedAway();
    }

    void countCut(CutReason reason) {
        this.cut.get(reason).increment();
        this.refusalLog.turnedAway();
    }

    void handshakeCompleted(long nanos) {
        this.handshakes.get(HandshakeResult.OK).increment();
        this.handshakeNanos.add(nanos);
    }

    void handshakeFailed(HandshakeResult result) {
        this.handshakes.get(result).increment();
    }

    void received(int bytes) {
        this.bytesReceived.add(bytes);
    }

    void sent(int bytes) {
        this.bytesSent.add(bytes);
    }

    void failed(NetError error) {
        this.errors.get(error).increment();
    }

    @Override
    public String toString() {
        return "listener " + this.name + " (" + this.protocol.id() + ")";
    }

    /** A map with an adder for every constant, never changed afterwards: safe to read from any thread. */
    private static <E extends Enum<E>> Map<E, LongAdder> filledWithAdders(Class<E> type) {
        Map<E, LongAdder> adders = new EnumMap<>(type);
        for (E constant : type.getEnumConstants()) {
            adders.put(constant, new LongAdder());
        }
        return Collections.unmodifiableMap(adders);
    }

    private Map<String, Long> nonZeroDropped() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (DropReason reason : DropReason.values()) {
            long count = dropped(reason);
            if (count > 0) {
                counts.put(reason.tag(), count);
            }
        }
        return counts;
    }

    private static <E extends Enum<E>> Map<String, Long> nonZero(Map<E, LongAdder> adders, Function<E, String> key) {
        Map<String, Long> counts = new LinkedHashMap<>();
        adders.forEach((constant, adder) -> {
            long count = adder.sum();
            if (count > 0) {
                counts.put(key.apply(constant), count);
            }
        });
        return counts;
    }
}
