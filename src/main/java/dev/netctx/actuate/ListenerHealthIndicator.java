package dev.netctx.actuate;

import java.net.InetSocketAddress;
import java.util.Optional;

import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ListenerSettings;
import dev.netctx.context.ListenerStats;
import dev.netctx.net.Addresses;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one configured listener: {@code UP} while it is bound and accepting, {@code DOWN}
 * before it started and after it stopped; details: protocol, address, port, mode, PROXY protocol, TLS or
 * DTLS (bundle, protocols, client authentication; plain listeners have none) and open sessions.
 */
final class ListenerHealthIndicator implements HealthIndicator {

    private final String name;

    private final ContextRegistry registry;

    ListenerHealthIndicator(String name, ContextRegistry registry) {
        this.name = name;
        this.registry = registry;
    }

    @Override
    public Health health() {
        Optional<ListenerStats> found = this.registry.listener(this.name);
        if (found.isEmpty()) {
            return Health.down().withDetail("reason", "not started").build();
        }
        ListenerStats stats = found.get();
        Health.Builder health = stats.isAccepting() ? Health.up() : Health.down().withDetail("reason", "not accepting");
        health.withDetail("protocol", stats.protocol().id());
        if (stats.localAddress() instanceof InetSocketAddress address) {
            health.withDetail("address", Addresses.host(address.getAddress())).withDetail("port", address.getPort());
        }
        ListenerSettings settings = stats.settings();
        health.withDetail("mode", settings.mode()).withDetail("proxyProtocol", settings.proxyProtocol());
        if (settings.tls() != null) {
            health.withDetail("tls", settings.tls());
        }
        return health.withDetail("open", stats.openSessions()).build();
    }
}
