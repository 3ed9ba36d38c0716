package dev.netctx.actuate;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import dev.netctx.context.ContextRegistry;
import dev.netctx.context.CutReason;
import dev.netctx.context.DropReason;
import dev.netctx.context.HandshakeResult;
import dev.netctx.context.ListenerStats;
import dev.netctx.context.RefusalReason;
import dev.netctx.echo.NetctxProperties;
import dev.netctx.net.NetError;
import dev.netctx.net.NetProtocol;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The meters of every configured listener, tagged {@code listener} and {@code protocol} (never by
 * connection or peer). Each reads the listener's {@link ListenerStats} when the registry is
 * scraped: counters are {@link FunctionCounter}s over the adders the sessions already maintain, so
 * metrics add nothing to the echo path. Before a listener starts, its meters read zero.
 * <ul>
 * <li>{@code netctx.data.received}, {@code netctx.data.sent}: bytes received and sent by its sessions</li>
 * <li>{@code netctx.contexts.open}: its open contexts, its listening context included (the sum over
 * listeners is the registry's size)</li>
 * <li>{@code netctx.connections.accepted}: sessions accepted</li>
 * <li>{@code netctx.connections.rejected}: connections or peers turned away, by {@code reason}</li>
 * <li>{@code netctx.errors}: failures, by {@code error} (the {@link NetError} name)</li>
 * <li>{@code netctx.datagrams.dropped} (UDP listeners): datagrams received and not echoed, by
 * {@code reason} ({@code source-port}, {@code rate-limit}: the reflection policy; {@code queue-full}:
 * a session far behind its peer)</li>
 * <li>{@code netctx.datagrams.kernel.dropped} (UDP listeners, on Linux): datagrams the kernel dropped
 * because the listener's socket receive buffer was full ({@code /proc/net/udp}); they never reach netctx</li>
 * <li>{@code netctx.sessions.cut}: sessions the service ended to protect the others, by {@code reason}
 * ({@code unsent-limit}, {@code internal-error}, {@code evicted}, {@code handshake-failed}, {@code handshake-timeout})</li>
 * <li>{@code netctx.tls.handshakes} (listeners with {@code ssl.bundle}, TLS or DTLS): handshakes, by
 * {@code result} ({@code ok}, or the class of the failure: see {@link HandshakeResult})</li>
 * <li>{@code netctx.tls.handshake.duration} (the same listeners): how long the finished handshakes took</li>
 * </ul>
 */
class NetctxMetrics implements MeterBinder {

    private final NetctxProperties properties;

    private final ContextRegistry registry;

    private final KernelUdpDrops kernelDrops;

    NetctxMetrics(NetctxProperties properties, ContextRegistry registry, KernelUdpDrops kernelDrops) {
        this.properties = properties;
        this.registry = registry;
        this.kernelDrops = kernelDrops;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        this.properties.listeners().forEach((name, listener) -> {
            Tags tags = Tags.of("listener", name, "protocol", listener.protocol().id());
            counter("netctx.data.received", "Bytes received by the listener's sessions", tags, name,
                    ListenerStats::bytesReceived)
                .baseUnit(BaseUnits.BYTES)
                .register(meters);
            counter("netctx.data.sent", "Bytes sent by the listener's sessions", tags, name,
                    ListenerStats::bytesSent)
                .baseUnit(BaseUnits.BYTES)
                .register(meters);
            counter("netctx.connections.accepted", "Sessions the listener accepted", tags, name,
                    ListenerStats::accepted)
                .register(meters);
            for (RefusalReason reason : RefusalReason.values()) {
                counter("netctx.connections.rejected", "Connections or peers the listener turned away",
                        tags.and("reason", reason.tag()), name, (stats) -> stats.refused(reason))
                    .register(meters);
            }
            for (NetError error : NetError.values()) {
                counter("netctx.errors", "Failures on the listener or its sessions",
                        tags.and("error", error.name()), name, (stats) -> stats.errors(error))
                    .register(meters);
            }
            for (CutReason reason : CutReason.values()) {
                counter("netctx.sessions.cut", "Sessions the service ended to protect the other sessions",
                        tags.and("reason", reason.tag()), name, (stats) -> stats.cut(reason))
                    .register(meters);
            }
            if (listener.protocol() == NetProtocol.UDP) {
                for (DropReason reason : DropReason.values()) {
                    counter("netctx.datagrams.dropped", "Datagrams the listener received and did not echo",
                            tags.and("reason", reason.tag()), name, (stats) -> stats.dropped(reason))
                        .register(meters);
                }
                if (this.kernelDrops.isAvailable()) {
                    counter("netctx.datagrams.kernel.dropped",
                            "Datagrams the kernel dropped because the listener's socket receive buffer was full", tags,
                            name, (stats) -> this.kernelDrops.drops(stats.port()))
                        .register(meters);
                }
            }
            if (listener.ssl().enabled()) {
                bindHandshakes(meters, name, tags);
            }
            Gauge.builder("netctx.contexts.open", this.registry, read(name, NetctxMetrics::openContexts))
                .description("Open contexts of the listener, its listening context included")
                .tags(tags)
                .register(meters);
        });
    }

    private void bindHandshakes(MeterRegistry meters, String name, Tags tags) {
        for (HandshakeResult result : HandshakeResult.values()) {
            counter("netctx.tls.handshakes", "TLS or DTLS handshakes of the listener's sessions, by how they ended",
                    tags.and("result", result.tag()), name, (stats) -> stats.handshakes(result))
                .register(meters);
        }
        ToDoubleFunction<ContextRegistry> finished = read(name, (stats) -> stats.handshakes(HandshakeResult.OK));
        FunctionTimer.builder("netctx.tls.handshake.duration", this.registry,
                    (registry) -> (long) finished.applyAsDouble(registry), read(name, ListenerStats::handshakeNanos),
                    TimeUnit.NANOSECONDS)
            .description("How long the finished TLS or DTLS handshakes of the listener's sessions took")
            .tags(tags)
            .register(meters);
    }

    private FunctionCounter.Builder<ContextRegistry> counter(String meter, String description,
            Tags tags, String listener, ToLongFunction<ListenerStats> count) {
        return FunctionCounter.builder(meter, this.registry, read(listener, count)).description(description).tags(tags);
    }

    private static long openContexts(ListenerStats stats) {
        return stats.openSessions() + (stats.isAccepting() ? 1 : 0);
    }

    private static ToDoubleFunction<ContextRegistry> read(String listener, ToLongFunction<ListenerStats> value) {
        return (registry) -> registry.listener(listener).map(value::applyAsLong).orElse(0L);
    }
}
