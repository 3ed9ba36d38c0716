package dev.netctx.echo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Sessions in which no byte moves for {@code idle-timeout} are closed, TCP and UDP alike. */
@SpringBootTest(properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.tcp.idle-timeout=600ms",
        "netctx.listeners.udp.port=0", "netctx.listeners.udp.idle-timeout=600ms" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdleTimeoutTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    private ContextRegistry registry;

    @Test
    void aSilentTcpSessionIsClosed() throws IOException {
        try (Peers.Tcp client = Peers.tcp(Peers.address(this.registry, "tcp"))) {
            assertThat(client.echo(new byte[] { 42 })).containsExactly(42);
            assertThat(client.closedByServer()).isTrue();
            await().atMost(WAIT).until(() -> !hasSessionOf(client.localPort()));
        }
    }

    @Test
    void aTcpSessionThatKeepsEchoingStaysOpen() throws IOException {
        try (Peers.Tcp client = Peers.tcp(Peers.address(this.registry, "tcp"))) {
            byte[] ping = { 1, 2, 3 };
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).during(Duration.ofMillis(1_800))
                    .until(() -> Arrays.equals(client.echo(ping), ping) && hasSessionOf(client.localPort()));
        }
    }

    @Test
    void aPeerThatStopsReadingIsCutOffWithoutTheServerBufferingForIt() throws Exception {
        try (Peers.Tcp client = Peers.tcp(Peers.address(this.registry, "tcp"))) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeWithoutReading(client, 256));
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> writer.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .withCauseInstanceOf(UncheckedIOException.class);
            await().atMost(WAIT).until(() -> !hasSessionOf(client.localPort()));
        }
    }

    /** Writes up to {@code mebibytes} MiB (far more than socket buffers hold) and never reads. */
    private static void writeWithoutReading(Peers.Tcp client, int mebibytes) {
        byte[] chunk = new byte[1024 * 1024];
        try {
            OutputStream out = client.socket().getOutputStream();
            for (int i = 0; i < mebibytes; i++) {
                out.write(chunk);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Test
    void aSilentUdpPeerExpires() throws IOException {
        try (Peers.Udp peer = Peers.udp(Peers.address(this.registry, "udp"))) {
            assertThat(peer.echo(new byte[] { 7 })).containsExactly(7);
            await().atMost(WAIT).until(() -> !hasSessionOf(peer.localPort()));
            assertThat(peer.echo(new byte[] { 8 })).as("a new session after expiry").containsExactly(8);
        }
    }

    private boolean hasSessionOf(int peerPort) {
        return Peers.session(this.registry, peerPort).isPresent();
    }
}
