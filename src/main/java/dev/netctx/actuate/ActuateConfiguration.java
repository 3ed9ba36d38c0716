package dev.netctx.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.netctx.context.ContextRegistry;
import dev.netctx.echo.NetctxProperties;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The actuator endpoint, health contributor and meters of netctx. */
@Configuration(proxyBeanMethods = false)
class ActuateConfiguration {

    @Bean
    NetContextsEndpoint netContextsEndpoint(ContextRegistry registry) {
        return new NetContextsEndpoint(registry);
    }

    /** One indicator per configured listener, shown under {@code /actuator/health/listeners/<name>}. */
    @Bean
    CompositeHealthContributor listenersHealthContributor(NetctxProperties properties, ContextRegistry registry) {
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        properties.listeners().keySet().forEach((name) -> indicators.put(name, new ListenerHealthIndicator(name, registry)));
        return CompositeHealthContributor.fromMap(indicators);
    }

    @Bean
    NetctxMetrics netctxMetrics(NetctxProperties properties, ContextRegistry registry) {
        return new NetctxMetrics(properties, registry, new KernelUdpDrops());
    }
}
