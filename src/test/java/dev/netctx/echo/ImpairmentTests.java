package dev.netctx.echo;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextRegistry;
import dev.netctx.context.CutReason;
import dev.netctx.context.ListenerStats;
import dev.netctx.impair.Impairment;
import dev.netctx.impair.ImpairmentKind;
import dev.netctx.impair.ListenerImpairment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Impairment on real sockets: a configured delay holds each TCP echo while the same loops serve
 * other sessions at once, a configured loss answers about half the datagrams, and faults switched
 * on and off at run time (through the REST API, with credentials) duplicate, reorder, delay, cap
 * and reset the running sessions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0", "netctx.security.token=" + ImpairmentTests.TOKEN,
        "netctx.max-unsent=1MB",
        "netctx.listeners.slow.protocol=tcp", "netctx.listeners.slow.port=0", "netctx.listeners.slow.impairment.delay=300ms",
        "netctx.listeners.lossy.protocol=udp", "netctx.listeners.lossy.port=0", "netctx.listeners.lossy.impairment.drop=0.5",
        "netctx.listeners.faulty-tcp.protocol=tcp", "netctx.listeners.faulty-tcp.port=0",
        "netctx.listeners.faulty-udp.protocol=udp", "netctx.listeners.faulty-udp.port=0" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ImpairmentTests {

    static final String TOKEN = "impair-t0ken";

    private static final long DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    @Autowired
    private ContextRegistry registry;

    @LocalServerPort
    private int httpPort;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void clearRunTimeFaults() {
        impairment("faulty-tcp").set(Impairment.NONE);
        impairment("faulty-udp").set(Impairment.NONE);
    }

    @Test
    void aDelayHoldsEachTcpEchoWhileTheLoopsServeOtherSessionsPromptly() throws Exception {
        int others = Runtime.getRuntime().availableProcessors() + 1;   // one at least on the delayed session's loop
        List<Peers.Tcp> prompt = new ArrayList<>();
        try (Peers.Tcp delayed = Peers.tcp(Peers.address(this.registry, "slow"))) {
            for (int i = 0; i < others; i++) {
                prompt.add(Peers.tcp(Peers.address(this.registry, "tcp")));
            }
            for (int round = 0; round < 3; round++) {
                byte[] ping = ("ping " + round).getBytes(StandardCharsets.US_ASCII);
                long start = System.nanoTime();
                delayed.socket().getOutputStream().write(ping);
                for (Peers.Tcp other : prompt) {
                    assertThat(other.echo(new byte[] { (byte) round })).containsExactly((byte) round);
                }
                long othersDone = System.nanoTime() - start;
                assertThat(delayed.socket().getInputStream().available()).as("the delayed echo is not there yet").isZero();
                assertThat(delayed.socket().getInputStream().readNBytes(ping.length)).isEqualTo(ping);
                long elapsed = System.nanoTime() - start;
                assertThat(elapsed).as("delayed echo after %d ms", elapsed / 1_000_000).isGreaterThanOrEqualTo(DELAY_NANOS);
                assertThat(othersDone).as("the other sessions' echoes meanwhile").isLessThan(DELAY_NANOS);
            }
        }
        finally {
            for (Peers.Tcp other : prompt) {
                other.close();
            }
        }
        assertThat(impairment("slow").count(ImpairmentKind.DELAY)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aLossOfHalfAnswersAboutHalfTheDatagrams() throws IOException {
        ListenerImpairment lossy = impairment("lossy");
        long droppedBefore = lossy.count(ImpairmentKind.DROP);
        int answered = 0;
        try (Peers.Udp peer = Peers.udp(Peers.address(this.registry, "lossy"))) {
            peer.socket().setSoTimeout(20);
            for (int sent = 0; sent < 400; sent += 20) {
                for (int i = 0; i < 20; i++) {
                    peer.send(new byte[] { (byte) i });
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (answered + lossy.count(ImpairmentKind.DROP) - droppedBefore < sent + 20
                        && System.nanoTime() < deadline) {
                    answered += peer.receiveOne();
                }
            }
        }
        assertThat(answered + lossy.count(ImpairmentKind.DROP) - droppedBefore).as("answered or dropped").isEqualTo(400);
        assertThat(answered).isBetween(120, 280);
    }

    @Test
    void faultsSwitchedOnAtRunTimeDuplicateAndReorderTheDatagramsOfARunningSession() throws Exception {
        try (Peers.Udp peer = Peers.udp(Peers.address(this.registry, "faulty-udp"))) {
            assertThat(peer.echo(bytes("before"))).isEqualTo(bytes("before"));
            assertThat(put("faulty-udp", "{\"duplicate\": 1}", TOKEN).statusCode()).isEqualTo(200);
            peer.send(bytes("twice"));
            assertThat(receive(peer)).isEqualTo(bytes("twice"));
            assertThat(receive(peer)).isEqualTo(bytes("twice"));
            assertThat(put("faulty-udp", "{\"reorder\": 1}", TOKEN).statusCode()).isEqualTo(200);
            peer.send(bytes("first"));
            peer.send(bytes("second"));
            assertThat(receive(peer)).isEqualTo(bytes("second"));
            assertThat(receive(peer)).isEqualTo(bytes("first"));
            assertThat(delete("faulty-udp", TOKEN).statusCode()).isEqualTo(200);
            assertThat(peer.echo(bytes("after"))).isEqualTo(bytes("after"));
        }
        ListenerImpairment faulty = impairment("faulty-udp");
        assertThat(faulty.count(ImpairmentKind.DUPLICATE)).isGreaterThanOrEqualTo(1);
        assertThat(faulty.count(ImpairmentKind.REORDER)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aDelayAppliesToDatagramsAndToRunningTcpSessionsUntilItIsCleared() throws Exception {
        try (Peers.Tcp tcp = Peers.tcp(Peers.address(this.registry, "faulty-tcp"));
                Peers.Udp udp = Peers.udp(Peers.address(this.registry, "faulty-udp"))) {
            assertThat(tcp.echo(bytes("undelayed"))).isEqualTo(bytes("undelayed"));
            impairment("faulty-tcp").set(new Impairment(Duration.ofMillis(300), Duration.ZERO, 0, 0, 0, null, null));
            impairment("faulty-udp").set(new Impairment(Duration.ofMillis(300), Duration.ZERO, 0, 0, 0, null, null));
            long start = System.nanoTime();
            assertThat(tcp.echo(bytes("delayed"))).isEqualTo(bytes("delayed"));
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(DELAY_NANOS);
            start = System.nanoTime();
            assertThat(udp.echo(bytes("delayed"))).isEqualTo(bytes("delayed"));
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(DELAY_NANOS);
            impairment("faulty-tcp").set(Impairment.NONE);
            start = System.nanoTime();
            assertThat(tcp.echo(bytes("prompt again"))).isEqualTo(bytes("prompt again"));
            assertThat(System.nanoTime() - start).isLessThan(DELAY_NANOS);
        }
    }

    @Test
    void aBandwidthCapSlowsATcpEchoToItsRate() throws Exception {
        impairment("faulty-tcp").set(new Impairment(Duration.ZERO, Duration.ZERO, 0, 0, 0, DataSize.ofKilobytes(64), null));
        byte[] payload = new byte[128 * 1024];
        Arrays.fill(payload, (byte) 'b');
        try (Peers.Tcp tcp = Peers.tcp(Peers.address(this.registry, "faulty-tcp"))) {
            long start = System.nanoTime();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> write(tcp, payload));
            byte[] echoed = tcp.socket().getInputStream().readNBytes(payload.length);
            long elapsed = System.nanoTime() - start;
            writing.get(10, TimeUnit.SECONDS);
            assertThat(echoed).isEqualTo(payload);
            assertThat(elapsed).as("128 KiB at 64 KiB/s took %d ms", elapsed / 1_000_000)
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1500))
                .isLessThan(TimeUnit.SECONDS.toNanos(10));
        }
        assertThat(impairment("faulty-tcp").count(ImpairmentKind.BANDWIDTH)).isPositive();
    }

    @Test
    void resetAfterGivesTheClientAConnectionReset() throws Exception {
        impairment("faulty-tcp").set(new Impairment(Duration.ZERO, Duration.ZERO, 0, 0, 0, null, DataSize.ofBytes(1000)));
        long resetsBefore = impairment("faulty-tcp").count(ImpairmentKind.RESET);
        try (Peers.Tcp tcp = Peers.tcp(Peers.address(this.registry, "faulty-tcp"))) {
            tcp.socket().getOutputStream().write(new byte[4000]);
            InputStream in = tcp.socket().getInputStream();
            long[] read = new long[1];
            assertThatExceptionOfType(SocketException.class).isThrownBy(() -> {
                byte[] chunk = new byte[4096];
                for (int n; (n = in.read(chunk)) >= 0;) {
                    read[0] += n;
                }
            }).withMessageContaining("reset");
            assertThat(read[0]).as("bytes echoed before the reset").isLessThanOrEqualTo(1000);
        }
        assertThat(impairment("faulty-tcp").count(ImpairmentKind.RESET)).isEqualTo(resetsBefore + 1);
    }

    @Test
    void delayedBytesCountAgainstMaxUnsentSoThatSessionsBeyondItAreCut() throws Exception {
        impairment("faulty-tcp").set(new Impairment(Duration.ofSeconds(2), Duration.ZERO, 0, 0, 0, null, null));
        ListenerStats stats = this.registry.listener("faulty-tcp").orElseThrow();
        long cutBefore = stats.cut(CutReason.UNSENT_LIMIT);
        byte[] payload = new byte[60 * 1024];
        List<Peers.Tcp> peers = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                Peers.Tcp peer = Peers.tcp(Peers.address(this.registry, "faulty-tcp"));
                peers.add(peer);
                peer.socket().getOutputStream().write(payload);
            }
            int echoed = 0;
            for (Peers.Tcp peer : peers) {
                try {
                    echoed += (peer.socket().getInputStream().readNBytes(payload.length).length == payload.length) ? 1 : 0;
                }
                catch (SocketException ex) {
                    // cut
                }
            }
            long cut = stats.cut(CutReason.UNSENT_LIMIT) - cutBefore;
            assertThat(cut).as("sessions cut: 24 x 60 KiB delayed do not fit in 1 MB").isPositive();
            assertThat(echoed).as("sessions whose delayed echo fit").isPositive();
            assertThat(echoed + cut).isEqualTo(24);
        }
        finally {
            for (Peers.Tcp peer : peers) {
                peer.close();
            }
        }
    }

    @Test
    void changingAnImpairmentNeedsCredentialsAndAValidBody() throws Exception {
        HttpResponse<String> anonymous = put("faulty-udp", "{\"drop\": 1}", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("Changing a listener's impairment needs credentials");
        assertThat(put("faulty-udp", "{\"drop\": 1}", "wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> bad = put("faulty-udp", "{\"drop\": 2, \"dealy\": \"1s\"}", TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(bad.body()).contains("unknown field 'dealy'");
        assertThat(put("nonexistent", "{}", TOKEN).statusCode()).isEqualTo(404);
        assertThat(impairment("faulty-udp").isActive()).isFalse();
        HttpResponse<String> listeners = this.http.send(request("/api/listeners", null).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(listeners.body()).contains("\"impairment\":{\"active\":true,\"delay\":\"300ms\"");
    }

    private ListenerImpairment impairment(String listener) {
        return this.registry.listener(listener).orElseThrow().impairment();
    }

    private HttpResponse<String> put(String listener, String body, String token) throws IOException, InterruptedException {
        HttpRequest request = request("/api/listeners/" + listener + "/impairment", token)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build();
        return this.http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String listener, String token) throws IOException, InterruptedException {
        return this.http.send(request("/api/listeners/" + listener + "/impairment", token).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path))
            .timeout(Duration.ofSeconds(20));
        return (token != null) ? builder.header("Authorization", "Bearer " + token) : builder;
    }

    private static void write(Peers.Tcp tcp, byte[] payload) {
        try {
            tcp.socket().getOutputStream().write(payload);
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] receive(Peers.Udp peer) throws IOException {
        DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
        peer.socket().receive(reply);
        return Arrays.copyOf(reply.getData(), reply.getLength());
    }
}
