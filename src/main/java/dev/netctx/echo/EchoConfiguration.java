package dev.netctx.echo;

import dev.netctx.context.NetContextFactory;

import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The echo service's beans. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NetctxProperties.class)
class EchoConfiguration {

    @Bean
    EchoListener echoListener(NetctxProperties properties, NetContextFactory factory, LifecycleProperties lifecycle,
            ApplicationEventPublisher events) {
        return new EchoListener(properties, factory, lifecycle.getTimeoutPerShutdownPhase(), events);
    }
}
