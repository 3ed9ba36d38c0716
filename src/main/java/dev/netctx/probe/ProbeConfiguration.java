package dev.netctx.probe;

import dev.netctx.context.NetContextFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The probe's beans: its {@link ProbeProperties} and the {@link ProbeService}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProbeProperties.class)
class ProbeConfiguration {

    @Bean
    ProbeService probeService(ProbeProperties properties, NetContextFactory factory,
            ObjectProvider<MeterRegistry> meters) {
        return new ProbeService(properties, factory, meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
