package dev.netctx.echo;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.netctx.NetctxApplication;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ListenerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Stopping the application stops accepting, lets TCP sessions finish within the shutdown timeout, then closes the rest. */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class GracefulShutdownTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void stopAcceptingThenLetOpenSessionsFinish(CapturedOutput output) throws Exception {
        ConfigurableApplicationContext application = start("60s");
        ContextRegistry registry = application.getBean(ContextRegistry.class);
        InetSocketAddress tcp = Peers.address(registry, "tcp");
        ListenerStats udpStats = registry.listener("udp").orElseThrow();
        try (Peers.Tcp client = Peers.tcp(tcp); Peers.Udp peer = Peers.udp(Peers.address(registry, "udp"))) {
            assertThat(client.echo(new byte[] { 1 })).containsExactly(1);
            assertThat(peer.echo(new byte[] { 2 })).containsExactly(2);

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(application::close);
            ListenerStats tcpStats = registry.listener("tcp").orElseThrow();
            await().atMost(WAIT).until(() -> !tcpStats.isAccepting() && !udpStats.isAccepting());
            assertThatExceptionOfType(ConnectException.class).as("new connections").isThrownBy(() -> Peers.tcp(tcp));
            await("UDP sessions end without waiting").atMost(WAIT).until(() -> udpStats.openSessions() == 0);
            assertThat(client.echo(new byte[] { 3 })).as("an open session keeps echoing").containsExactly(3);
            assertThat(stopped).isNotDone();

            client.close();
            stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(application.isActive()).isFalse();
        }
        assertThat(output).contains("for at most 60.0 s (spring.lifecycle.timeout-per-shutdown-phase)")
            .containsPattern("Drained in \\d+\\.\\d s: [12] session\\(s\\) finished, 0 closed at the timeout");
    }

    @Test
    void closeSessionsStillOpenWhenTheShutdownTimeoutEnds(CapturedOutput output) throws IOException {
        ConfigurableApplicationContext application = start("300ms");
        ContextRegistry registry = application.getBean(ContextRegistry.class);
        try (Peers.Tcp client = Peers.tcp(Peers.address(registry, "tcp"))) {
            assertThat(client.echo(new byte[] { 1 })).containsExactly(1);
            application.close();
            assertThat(client.closedByServer()).isTrue();
            assertThat(registry.openContexts()).isZero();
        }
        assertThat(output).contains("Draining 1 session(s) for at most 0.3 s")
            .contains("0 session(s) finished, 1 closed at the timeout");
    }

    private static ConfigurableApplicationContext start(String shutdownTimeout) {
        return new SpringApplicationBuilder(NetctxApplication.class).web(WebApplicationType.NONE)
                .run("--netctx.listeners.tcp.port=0", "--netctx.listeners.udp.port=0",
                        "--spring.lifecycle.timeout-per-shutdown-phase=" + shutdownTimeout);
    }
}
