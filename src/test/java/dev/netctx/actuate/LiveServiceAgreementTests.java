package dev.netctx.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.netctx.Credentials;
import dev.netctx.LiveServiceTest;
import dev.netctx.ManagementPort;
import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextPage;
import dev.netctx.context.ContextQuery;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ContextState;
import dev.netctx.context.ListenerInfo;
import dev.netctx.net.NetProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole service with real TCP and UDP peers: the REST API, the {@code netcontexts} endpoint and
 * the Prometheus exposition (parsed) agree with the bytes the peers sent, and closing a context ends
 * it for its peer.
 */
@LiveServiceTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LiveServiceAgreementTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final int TCP_BYTES = 10_000;

    private static final int[] DATAGRAMS = { 100, 1_200, 3_000 };

    @Autowired
    private RestTestClient http;

    @LocalManagementPort
    private int managementPort;

    @Autowired
    private ContextRegistry registry;

    @Test
    void restActuatorAndPrometheusAgreeWithWhatPeersSentAndDeleteEndsTheConnection() throws Exception {
        PrometheusText before = prometheus();
        try (Socket tcp = new Socket(); DatagramSocket udp = new DatagramSocket()) {
            tcp.connect(listenerAddress("tcp"), (int) WAIT.toMillis());
            tcp.setSoTimeout((int) WAIT.toMillis());
            byte[] payload = new byte[TCP_BYTES];
            Arrays.fill(payload, (byte) 'x');
            tcp.getOutputStream().write(payload);
            assertThat(tcp.getInputStream().readNBytes(TCP_BYTES)).isEqualTo(payload);

            udp.connect(listenerAddress("udp"));
            udp.setSoTimeout((int) WAIT.toMillis());
            for (int size : DATAGRAMS) {
                udp.send(new DatagramPacket(new byte[size], size));
                DatagramPacket echo = new DatagramPacket(new byte[65_536], 65_536);
                udp.receive(echo);
                assertThat(echo.getLength()).isEqualTo(size);
            }
            int udpBytes = Arrays.stream(DATAGRAMS).sum();

            ContextInfo tcpSession = awaitSession(tcp.getLocalPort(), TCP_BYTES);
            ContextInfo udpSession = awaitSession(udp.getLocalPort(), udpBytes);
            assertThat(tcpSession).returns("tcp", ContextInfo::listener).returns(NetProtocol.TCP, ContextInfo::protocol)
                .returns("127.0.0.1:" + tcp.getLocalPort(), ContextInfo::remote)
                .returns(ContextState.OPEN, ContextInfo::state);
            assertThat(udpSession).returns("udp", ContextInfo::listener).returns(NetProtocol.UDP, ContextInfo::protocol);

            // the rates may move between two reads: the sampler updates them every second
            assertThat(actuatorContext(tcpSession.id())).usingRecursiveComparison().ignoringFields("rateIn", "rateOut")
                .isEqualTo(tcpSession);
            assertThat(actuatorContext(udpSession.id())).usingRecursiveComparison().ignoringFields("rateIn", "rateOut")
                .isEqualTo(udpSession);
            assertThat(actuatorContexts()).extracting(ContextInfo::id).isEqualTo(restContexts("").stream()
                .map(ContextInfo::id).toList());
            assertThat(restContexts("?listener=udp&role=session")).extracting(ContextInfo::id).contains(udpSession.id())
                .doesNotContain(tcpSession.id());

            PrometheusText after = prometheus();
            assertThat(after.type("netctx_data_received_bytes_total")).isEqualTo("counter");
            assertThat(after.type("netctx_contexts_open")).isEqualTo("gauge");
            assertThat(delta(before, after, "netctx_data_received_bytes_total", "tcp")).isEqualTo(TCP_BYTES);
            assertThat(delta(before, after, "netctx_data_sent_bytes_total", "tcp")).isEqualTo(TCP_BYTES);
            assertThat(delta(before, after, "netctx_data_received_bytes_total", "udp")).isEqualTo(udpBytes);
            assertThat(delta(before, after, "netctx_data_sent_bytes_total", "udp")).isEqualTo(udpBytes);
            assertThat(delta(before, after, "netctx_connections_accepted_total", "tcp")).isEqualTo(1);
            assertThat(delta(before, after, "netctx_connections_accepted_total", "udp")).isEqualTo(1);
            assertThat(after.samples("netctx_connections_rejected_total", "reason", "max-connections")).hasSize(2);
            assertThat(after.samples("netctx_errors_total", "listener", "tcp", "error", "CONN_RESET")).hasSize(1);
            for (ListenerInfo listener : restListeners()) {
                assertThat(after.value("netctx_data_received_bytes_total", "listener", listener.name(), "protocol",
                        listener.protocol().id())).isEqualTo(listener.bytesReceived());
                assertThat(after.value("netctx_contexts_open", "listener", listener.name()))
                    .isEqualTo(restContexts("?listener=" + listener.name()).size());
            }
            assertThat(after.samples("netctx_contexts_open").stream().mapToDouble(PrometheusText.Sample::value).sum())
                .isEqualTo(this.registry.openContexts());
            assertThat(after.samples("netctx_data_received_bytes_total")).allSatisfy((sample) ->
                    assertThat(sample.labels().keySet()).containsExactlyInAnyOrder("listener", "protocol"));

            ContextInfo closed = this.http.delete().uri("/api/contexts/{id}", tcpSession.id())
                .headers(Credentials.BASIC)
                .exchange()
                .expectStatus().isOk()
                .expectBody(ContextInfo.class).returnResult().getResponseBody();
            assertThat(closed).returns(ContextState.CLOSED, ContextInfo::state)
                .returns((long) TCP_BYTES, ContextInfo::bytesReceived);
            assertThat(endOfStream(tcp.getInputStream())).as("the peer's read ends").isTrue();
            this.http.get().uri("/api/contexts/{id}", tcpSession.id()).exchange().expectStatus().isNotFound();
            assertThat(restContexts("")).extracting(ContextInfo::id).doesNotContain(tcpSession.id());

            management().delete().uri("/actuator/netcontexts/{id}", udpSession.id()).exchange()
                .expectStatus().isUnauthorized();
            management().delete().uri("/actuator/netcontexts/{id}", udpSession.id())
                .headers(Credentials.TOKEN)
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("CLOSED");
            management().get().uri("/actuator/netcontexts/{id}", udpSession.id()).exchange().expectStatus().isNotFound();
        }
    }

    @Test
    void closingAListenerOrAnUnknownContextIsRefused() {
        long listenerId = restContexts("?listener=tcp&role=listener").get(0).id();
        this.http.delete().uri("/api/contexts/{id}", listenerId)
            .headers(Credentials.TOKEN)
            .exchange()
            .expectStatus().isEqualTo(409)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        management().delete().uri("/actuator/netcontexts/{id}", listenerId)
            .headers(Credentials.TOKEN)
            .exchange()
            .expectStatus().isEqualTo(409);
        management().delete().uri("/actuator/netcontexts/{id}", Long.MAX_VALUE)
            .headers(Credentials.TOKEN)
            .exchange()
            .expectStatus().isNotFound();
        assertThat(this.registry.find(listenerId)).isPresent();
    }

    @Test
    void everyListenerIsHealthyWithItsAddressAndTheProbesAreUp() {
        for (ListenerInfo listener : restListeners()) {
            int port = listenerAddress(listener.name()).getPort();
            management().get().uri("/actuator/health/listeners/{name}", listener.name())
                .headers(Credentials.BASIC)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.details.address").isEqualTo("127.0.0.1")
                .jsonPath("$.details.port").isEqualTo(port)
                .jsonPath("$.details.protocol").isEqualTo(listener.protocol().id())
                .jsonPath("$.details.open").isNumber();
        }
        management().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        management().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.components.listeners.status").isEqualTo("UP");
    }

    @Test
    void onlyHealthInfoPrometheusAndNetcontextsAreExposed() {
        management().get().uri("/actuator").exchange().expectStatus().isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Map<String, Object>>>() {
            })
            .value((links) -> assertThat(links.get("_links").keySet()).allMatch((name) -> name.equals("self")
                    || name.startsWith("health") || name.equals("info") || name.equals("prometheus")
                    || name.startsWith("netcontexts")));
        management().get().uri("/actuator/env").exchange().expectStatus().isNotFound();
        management().get().uri("/actuator/beans").exchange().expectStatus().isNotFound();
    }

    private InetSocketAddress listenerAddress(String name) {
        ListenerInfo listener = restListeners().stream().filter((info) -> info.name().equals(name)).findFirst()
            .orElseThrow();
        int colon = listener.local().lastIndexOf(':');
        return new InetSocketAddress(listener.local().substring(0, colon),
                Integer.parseInt(listener.local().substring(colon + 1)));
    }

    /** The peer's session as REST shows it once its counters reached {@code bytes} each way. */
    private ContextInfo awaitSession(int peerPort, long bytes) {
        return await().atMost(WAIT).until(() -> restContexts("?role=SESSION").stream()
            .filter((info) -> info.remote().equals("127.0.0.1:" + peerPort))
            .findFirst().orElse(null),
                (info) -> info != null && info.bytesReceived() == bytes && info.bytesSent() == bytes);
    }

    /** Every context that matches {@code query} (a page of the largest size, more than this test opens). */
    private List<ContextInfo> restContexts(String query) {
        String all = (query.isEmpty() ? "?" : query + "&") + "size=" + ContextQuery.MAX_SIZE;
        return this.http.get().uri("/api/contexts" + all).exchange().expectStatus().isOk()
            .expectBody(ContextPage.class).returnResult().getResponseBody().content();
    }

    private List<ListenerInfo> restListeners() {
        return this.http.get().uri("/api/listeners").exchange().expectStatus().isOk()
            .expectBody(new ParameterizedTypeReference<List<ListenerInfo>>() {
            }).returnResult().getResponseBody();
    }

    private ContextInfo actuatorContext(long id) {
        return management().get().uri("/actuator/netcontexts/{id}", id).exchange().expectStatus().isOk()
            .expectBody(ContextInfo.class).returnResult().getResponseBody();
    }

    private List<ContextInfo> actuatorContexts() {
        return management().get().uri("/actuator/netcontexts?size=" + ContextQuery.MAX_SIZE).exchange().expectStatus().isOk()
            .expectBody(ContextPage.class).returnResult().getResponseBody().content();
    }

    private PrometheusText prometheus() {
        String text = management().get().uri("/actuator/prometheus").header(HttpHeaders.ACCEPT, "text/plain")
            .exchange().expectStatus().isOk()
            .expectBody(String.class).returnResult().getResponseBody();
        return PrometheusText.parse(text);
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String listener) {
        return after.value(name, "listener", listener) - before.value(name, "listener", listener);
    }

    /** Whether the server ended the connection (end of stream or reset) within the read timeout. */
    private static boolean endOfStream(InputStream in) throws IOException {
        try {
            return in.read() == -1;
        }
        catch (SocketException ex) {
            return true;
        }
    }

    /** The actuator, on the management port. */
    private RestTestClient management() {
        return ManagementPort.client(this.managementPort);
    }
}
