package dev.netctx.echo;

import dev.netctx.context.NetContextFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/** The echo service's beans. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NetctxProperties.class)
class EchoConfiguration {

    /** The name of the executor that runs every thread of the echo service. */
    static final String TASK_EXECUTOR = "netctxTaskExecutor";

    /**
     * Every thread the echo service runs (accept loops, TCP event loops, UDP listeners, the idle
     * reaper) is a long-running task of this executor: a thread per task, as the loops never end
     * before their listener stops; each names its thread while it runs ({@code netctx-tcp-loop-1}, ...).
     * Not a default candidate, so that Boot's {@code applicationTaskExecutor} stays as it is.
     */
    @Bean(name = TASK_EXECUTOR, defaultCandidate = false)
    SimpleAsyncTaskExecutor netctxTaskExecutor() {
        return new SimpleAsyncTaskExecutor("netctx-");
    }

    /** The TLS and DTLS configurations of the listeners with {@code ssl.bundle}: a bad bundle fails start-up here. */
    @Bean
    TlsListeners tlsListeners(NetctxProperties properties, SslBundles bundles) {
        return new TlsListeners(properties, bundles);
    }

    @Bean
    EchoListener echoListener(NetctxProperties properties, NetContextFactory factory, LifecycleProperties lifecycle,
            ApplicationEventPublisher events, @Qualifier(TASK_EXECUTOR) SimpleAsyncTaskExecutor executor,
            TlsListeners tls) {
        return new EchoListener(properties, factory, lifecycle.getTimeoutPerShutdownPhase(), events, executor, tls);
    }
}
