package dev.netctx.echo;

import java.io.IOException;
import java.time.Duration;

import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ListenerStats;
import dev.netctx.context.RefusalReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Connections and peers beyond {@code max-connections} are turned away at once and counted. */
@SpringBootTest(properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.tcp.max-connections=2",
        "netctx.listeners.udp.port=0", "netctx.listeners.udp.max-connections=1" })
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class MaxConnectionsTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    private ContextRegistry registry;

    @Test
    void aTcpConnectionBeyondTheLimitIsClosedAtOnceCountedAndLogged(CapturedOutput output) throws IOException {
        ListenerStats stats = this.registry.listener("tcp").orElseThrow();
        long refusedBefore = stats.refused(RefusalReason.MAX_CONNECTIONS);
        try (Peers.Tcp first = Peers.tcp(Peers.address(this.registry, "tcp"));
                Peers.Tcp second = Peers.tcp(Peers.address(this.registry, "tcp"))) {
            assertThat(first.echo(new byte[] { 1 })).containsExactly(1);
            assertThat(second.echo(new byte[] { 2 })).containsExactly(2);
            try (Peers.Tcp third = Peers.tcp(Peers.address(this.registry, "tcp"))) {
                assertThat(third.closedByServer()).isTrue();
            }
            assertThat(stats.refused(RefusalReason.MAX_CONNECTIONS)).isEqualTo(refusedBefore + 1);
            assertThat(stats.info().refused()).containsEntry("max-connections", refusedBefore + 1);
            assertThat(output).containsPattern("Listener 'tcp' \\(tcp\\) refused 1 connection in the last [\\d.]+ s: "
                    + "max-connections 1; raise netctx.listeners.tcp.max-connections to admit more");
            assertThat(first.echo(new byte[] { 3 })).as("sessions within the limit go on").containsExactly(3);

            second.close();
            await().atMost(WAIT).until(() -> stats.openSessions() == 1);
            try (Peers.Tcp another = Peers.tcp(Peers.address(this.registry, "tcp"))) {
                assertThat(another.echo(new byte[] { 4 })).as("a slot freed by a closed session").containsExactly(4);
            }
        }
    }

    @Test
    void aUdpPeerBeyondTheLimitIsDroppedCountedAndLogged(CapturedOutput output) throws IOException {
        ListenerStats stats = this.registry.listener("udp").orElseThrow();
        long refusedBefore = stats.refused(RefusalReason.MAX_CONNECTIONS);
        try (Peers.Udp admitted = Peers.udp(Peers.address(this.registry, "udp"));
                Peers.Udp excess = Peers.udp(Peers.address(this.registry, "udp"))) {
            assertThat(admitted.echo(new byte[] { 5 })).containsExactly(5);
            excess.send(new byte[] { 6 });
            await().atMost(WAIT).until(() -> stats.refused(RefusalReason.MAX_CONNECTIONS) == refusedBefore + 1);
            assertThat(admitted.echo(new byte[] { 7 })).containsExactly(7);
            assertThat(stats.openSessions()).isEqualTo(1);
            assertThat(output).contains("Listener 'udp' (udp) refused 1 peer in the last");
        }
    }
}
