package dev.netctx.footprint;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ListenerStartedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up collection runs before anything accepts traffic: when each echo listener and each web
 * server says it started, the memory was already released.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0", "management.server.port=0" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StartupMemoryReleaseOrderTests {

    @Autowired
    private Starts starts;

    @Test
    void theMemoryIsReleasedBeforeTheListenersAndTheWebServersStart() {
        assertThat(this.starts.listeners).as("echo listeners started, each after the release").isNotEmpty()
            .containsOnly(true);
        assertThat(this.starts.webServers).as("web servers started (traffic and management), each after the release")
            .hasSize(2).containsOnly(true);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class StartsConfiguration {

        @Bean
        Starts starts(StartupMemoryRelease release) {
            return new Starts(release);
        }
    }

    /** Whether the memory was released when each listener or web server said it started. */
    static final class Starts {

        final List<Boolean> listeners = new CopyOnWriteArrayList<>();

        final List<Boolean> webServers = new CopyOnWriteArrayList<>();

        private final StartupMemoryRelease release;

        Starts(StartupMemoryRelease release) {
            this.release = release;
        }

        @EventListener
        void listenerStarted(ListenerStartedEvent event) {
            this.listeners.add(this.release.isRunning());
        }

        @EventListener
        void webServerStarted(WebServerInitializedEvent event) {
            this.webServers.add(this.release.isRunning());
        }
    }
}
