package dev.netctx.echo;

import dev.netctx.context.NetContextFactory;

import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The echo service's beans. Sessions get a thread each from their own executor, never a bounded pool
 * with a queue (where a session would wait for another to end): virtual threads when
 * {@code spring.threads.virtual.enabled} is set and the JVM has them (Java 21+), platform threads
 * otherwise.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NetctxProperties.class)
class EchoConfiguration {

    @Bean
    EchoListener echoListener(NetctxProperties properties, NetContextFactory factory, Environment environment,
            LifecycleProperties lifecycle) {
        return new EchoListener(properties, factory, Threading.VIRTUAL.isActive(environment),
                lifecycle.getTimeoutPerShutdownPhase());
    }
}
