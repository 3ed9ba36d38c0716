package dev.netctx.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.netctx.Credentials;
import dev.netctx.LiveServiceTest;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ContextRole;
import dev.netctx.context.ListenerInfo;
import dev.netctx.context.ListenerStats;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /api/probe} against the service itself on real sockets: its own echo listeners (TCP
 * and UDP), a closed port, a server that never answers, one that resets and one that answers other
 * bytes; without credentials, to a target that is not allowed, and with bad input.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0",
                "netctx.security.token=" + LiveServiceTest.TOKEN,
                "netctx.probe.allowed-targets=127.0.0.1/32, [::1]:9", "netctx.probe.max-timeout=3s",
                "netctx.probe.max-concurrent=1" })
@AutoConfigureRestTestClient
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProbeApiTests {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    private RestTestClient http;

    @Autowired
    private ContextRegistry registry;

    @Autowired
    private MeterRegistry meters;

    @Test
    void tcpProbeOfTheOwnListenerGetsEachEchoBackWithItsRoundTripAndLocalAddress() {
        List<Map<String, Object>> results = probe(Map.of("protocol", "tcp", "host", "127.0.0.1", "port",
                listenerPort("tcp"), "count", 3, "size", 1000, "timeout", "2s"));
        assertThat(results).hasSize(3).allSatisfy((result) -> {
            assertThat(result).containsEntry("outcome", "ok").containsEntry("remote", "127.0.0.1:" + listenerPort("tcp"));
            assertThat((Double) result.get("rttMillis")).isPositive();
            assertThat((Double) result.get("connectMillis")).isNotNegative();
            assertThat((String) result.get("local")).startsWith("127.0.0.1:");
            assertThat(result.get("detail")).isNull();
        });
        assertThat(results).extracting((result) -> result.get("local")).doesNotHaveDuplicates();
        assertThat(this.meters.get("netctx.probe.tries").tag("protocol", "tcp").tag("outcome", "ok").counter().count())
            .isGreaterThanOrEqualTo(3);
    }

    @Test
    void udpProbeOfTheOwnListenerIsOk() {
        List<Map<String, Object>> results = probe(Map.of("protocol", "udp", "host", "127.0.0.1", "port",
                listenerPort("udp"), "count", 2, "size", 512, "timeout", 2000));
        assertThat(results).hasSize(2).allSatisfy((result) -> {
            assertThat(result).containsEntry("outcome", "ok").containsEntry("connectMillis", null);
            assertThat((Double) result.get("rttMillis")).isPositive();
        });
    }

    @Test
    void aClosedPortIsRefusedOverTcpAndUdp() throws IOException {
        int closed;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = server.getLocalPort();
        }
        assertThat(probe(Map.of("host", "127.0.0.1", "port", closed))).singleElement()
            .satisfies((result) -> assertThat(result).containsEntry("outcome", "refused").containsEntry("local", null));
        int unbound;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            unbound = socket.getLocalPort();
        }
        assertThat(probe(Map.of("protocol", "udp", "host", "127.0.0.1", "port", unbound))).singleElement()
            .satisfies((result) -> assertThat(result).containsEntry("outcome", "refused"));
    }

    @Test
    void aSilentServerTimesOutAndTheProbeIsListedAsAClientWhileItRuns() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<Map<String, Object>>> running = CompletableFuture.supplyAsync(
                    () -> probe(Map.of("host", "127.0.0.1", "port", silent.getLocalPort(), "timeout", "1500ms")));
            try (Socket accepted = silent.accept()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !clients().isEmpty());
                assertThat(clients()).singleElement().satisfies((client) -> assertThat(client.listener()).isEqualTo("probe"));
                assertProblem(Map.of("host", "127.0.0.1", "port", listenerPort("tcp")), HttpStatus.TOO_MANY_REQUESTS,
                        "1 probe(s) are running (netctx.probe.max-concurrent): try again when one has finished");
                assertThat(running.get(10, TimeUnit.SECONDS)).singleElement().satisfies((result) -> assertThat(result)
                    .containsEntry("outcome", "timeout").containsEntry("rttMillis", null));
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> clients().isEmpty());
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertThat(probe(Map.of("protocol", "udp", "host", "127.0.0.1", "port", silent.getLocalPort(), "timeout", 300)))
                .singleElement().satisfies((result) -> assertThat(result).containsEntry("outcome", "timeout"));
        }
    }

    @Test
    void aResetAndAnAnswerOfOtherBytesAreToldApart() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> resets = CompletableFuture.runAsync(() -> serveOnce(server, (in, out, socket) -> {
                in.read();
                socket.setSoLinger(true, 0);
            }));
            assertThat(probe(Map.of("host", "127.0.0.1", "port", server.getLocalPort(), "size", 100))).singleElement()
                .satisfies((result) -> assertThat(result).containsEntry("outcome", "reset"));
            resets.get(10, TimeUnit.SECONDS);
            CompletableFuture<Void> inverts = CompletableFuture.runAsync(() -> serveOnce(server, (in, out, socket) -> {
                byte[] bytes = in.readNBytes(100);
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) ~bytes[i];
                }
                out.write(bytes);
                in.read();
            }));
            assertThat(probe(Map.of("host", "127.0.0.1", "port", server.getLocalPort(), "size", 100))).singleElement()
                .satisfies((result) -> assertThat(result).containsEntry("outcome", "mismatch")
                    .containsEntry("detail", "sent 100 B, got back 100 B that differ"));
            inverts.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutCredentialsTheProbeIsRefused() {
        this.http.post().uri("/api/probe").contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("host", "127.0.0.1", "port", listenerPort("tcp")))
            .exchange()
            .expectStatus().isUnauthorized()
            .expectBody(JSON).value((problem) -> assertThat(problem).containsEntry("detail",
                    "Probing needs credentials (bearer): Full authentication is required to access this resource"));
        assertThat(clients()).isEmpty();
    }

    @Test
    void aTargetOutsideTheAllowedOnesIsForbiddenWhateverItsSpelling() {
        assertProblem(Map.of("host", "127.0.0.3", "port", listenerPort("tcp")), HttpStatus.FORBIDDEN,
                "Target 127.0.0.3:" + listenerPort("tcp") + " is not allowed: 127.0.0.3 on port " + listenerPort("tcp")
                        + " is not in netctx.probe.allowed-targets");
        // judged by the address, not by how it is written: an IPv4-mapped IPv6 literal is that IPv4 address
        assertProblem(Map.of("host", "::ffff:127.0.0.3", "port", listenerPort("tcp")), HttpStatus.FORBIDDEN, null);
        // allowed on port 9 only
        assertProblem(Map.of("host", "::1", "port", listenerPort("tcp")), HttpStatus.FORBIDDEN,
                "Target ::1:" + listenerPort("tcp") + " is not allowed: ::1 on port " + listenerPort("tcp")
                        + " is not in netctx.probe.allowed-targets");
        // the wildcard address reaches this host: never dialled
        assertProblem(Map.of("host", "0.0.0.0", "port", listenerPort("tcp")), HttpStatus.FORBIDDEN, null);
    }

    @Test
    void badInputIsAProblemDetailNamingTheField() {
        assertProblem(Map.of("host", "127.0.0.1"), HttpStatus.BAD_REQUEST, "Field 'port' is required: 1..65535");
        assertProblem(Map.of("host", "127.0.0.1", "port", 4442, "count", 11), HttpStatus.BAD_REQUEST,
                "Invalid count '11': expected a whole number 1..10 (netctx.probe.max-count)");
        assertProblem(Map.of("host", "127.0.0.1", "port", 4442, "timeout", "1m"), HttpStatus.BAD_REQUEST,
                "Invalid timeout '1m': expected milliseconds or a duration such as 500ms or 2s, from 1ms to 3000ms "
                        + "(netctx.probe.max-timeout)");
        assertProblem(Map.of("host", "127.0.0.1", "port", 4442, "protocol", "sctp"), HttpStatus.BAD_REQUEST,
                "Invalid protocol 'sctp': expected tcp or udp");
        assertProblem(Map.of("host", "127.0.0.1", "port", 4442, "cont", 2), HttpStatus.BAD_REQUEST,
                "Unknown field 'cont': the fields are protocol, host, port, count, size, timeout");
        assertProblem(Map.of("host", "no-such-host.invalid", "port", 4442), HttpStatus.BAD_REQUEST,
                "Host 'no-such-host.invalid' does not resolve");
        this.http.post().uri("/api/probe").headers(Credentials.TOKEN).contentType(MediaType.APPLICATION_JSON)
            .body("[1, 2]").exchange().expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private void assertProblem(Map<String, Object> body, HttpStatus status, String detail) {
        Map<String, Object> problem = this.http.post().uri("/api/probe").headers(Credentials.TOKEN)
            .contentType(MediaType.APPLICATION_JSON).body(body)
            .exchange()
            .expectStatus().isEqualTo(status)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(JSON).returnResult().getResponseBody();
        assertThat(problem).containsEntry("status", status.value()).containsKey("detail");
        if (detail != null) {
            assertThat(problem).containsEntry("detail", detail);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> probe(Map<String, Object> body) {
        Map<String, Object> answer = this.http.post().uri("/api/probe").headers(Credentials.TOKEN)
            .contentType(MediaType.APPLICATION_JSON).body(body)
            .exchange()
            .expectStatus().isOk()
            .expectBody(JSON).returnResult().getResponseBody();
        return new ArrayList<>((List<Map<String, Object>>) answer.get("results"));
    }

    private List<dev.netctx.context.ContextInfo> clients() {
        return this.registry.contexts().stream().filter((context) -> context.role() == ContextRole.CLIENT).toList();
    }

    private int listenerPort(String name) {
        ListenerInfo listener = this.registry.listeners().stream().map(ListenerStats::info)
            .filter((info) -> info.name().equals(name)).findFirst().orElseThrow();
        return Integer.parseInt(listener.local().substring(listener.local().lastIndexOf(':') + 1));
    }

    private static void serveOnce(ServerSocket server, Peer peer) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(10_000);
            peer.serve(socket.getInputStream(), socket.getOutputStream(), socket);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @FunctionalInterface
    private interface Peer {

        void serve(InputStream in, OutputStream out, Socket socket) throws IOException;
    }
}
