package dev.netctx.echo;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.CutReason;
import dev.netctx.context.HandshakeResult;
import dev.netctx.context.ListenerStats;
import dev.netctx.tls.TestCertificates;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tcp listener with {@code ssl.bundle} echoes over TLS 1.3 and 1.2 on the event loops, shows each
 * session's protocol and cipher, and cuts (and counts) peers that do not speak TLS or never finish
 * their handshake, while its other sessions go on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0", "management.server.port=0",
        "netctx.listeners.tls.protocol=tcp", "netctx.listeners.tls.port=0", "netctx.listeners.tls.ssl.bundle=server",
        "netctx.listeners.tls.ssl.handshake-timeout=1s", "netctx.listeners.tls.idle-timeout=1m",
        "spring.ssl.bundle.pem.server.keystore.certificate=classpath:tls/server.crt",
        "spring.ssl.bundle.pem.server.keystore.private-key=classpath:tls/server.key" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsEchoTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private ContextRegistry registry;

    @Autowired
    private MeterRegistry meters;

    @LocalServerPort
    private int httpPort;

    @ParameterizedTest
    @ValueSource(strings = { "TLSv1.3", "TLSv1.2" })
    void echoesByteExactOverTlsAndShowsTheSessionsProtocolAndCipher(String protocol) throws Exception {
        ListenerStats stats = this.registry.listener("tls").orElseThrow();
        long handshakesBefore = stats.handshakes(HandshakeResult.OK);
        try (SSLSocket socket = connect(protocol)) {
            byte[] payload = new byte[300_000];
            new Random(7).nextBytes(payload);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write(payload);
                    out.flush();
                }
                catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            writer.start();
            byte[] echoed = in.readNBytes(payload.length);
            writer.join();
            assertThat(Arrays.equals(echoed, payload)).as("byte-exact echo").isTrue();
            assertThat(stats.handshakes(HandshakeResult.OK)).isEqualTo(handshakesBefore + 1);
            ContextInfo session = Peers.session(this.registry, socket.getLocalPort()).orElseThrow();
            assertThat(session.tls().protocol()).isEqualTo(protocol);
            assertThat(session.tls().cipherSuite()).isEqualTo(socket.getSession().getCipherSuite());
            assertThat(session.tls().sni()).isEqualTo("localhost");
            assertThat(session.bytesReceived()).as("bytes on the wire: records").isGreaterThan(payload.length);
            JsonNode listed = api("/api/contexts?listener=tls").get("content");
            JsonNode mine = null;
            for (JsonNode context : listed) {
                if (context.get("id").asLong() == session.id()) {
                    mine = context;
                }
            }
            assertThat(mine).as("the session in /api/contexts").isNotNull();
            assertThat(mine.get("tls").get("protocol").asString()).isEqualTo(protocol);
            assertThat(mine.get("tls").get("cipherSuite").asString()).isEqualTo(socket.getSession().getCipherSuite());
        }
        assertThat(this.meters.get("netctx.tls.handshakes").tags("listener", "tls", "result", "ok").functionCounter().count())
            .isGreaterThanOrEqualTo(1);
        assertThat(this.meters.get("netctx.tls.handshake.duration").tags("listener", "tls").functionTimer().count())
            .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aPlainTextPeerIsCutAndCountedAndOtherSessionsGoOn() throws Exception {
        ListenerStats stats = this.registry.listener("tls").orElseThrow();
        long cutBefore = stats.cut(CutReason.HANDSHAKE_FAILED);
        long notTlsBefore = stats.handshakes(HandshakeResult.NOT_TLS);
        try (SSLSocket good = connect("TLSv1.3"); Peers.Tcp plain = Peers.tcp(Peers.address(this.registry, "tls"))) {
            assertThat(echo(good, "before")).isEqualTo("before");
            plain.socket().getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(endsWithin(plain)).as("the plain-text peer is cut off (after an alert, at most)").isTrue();
            await().atMost(WAIT).until(() -> stats.cut(CutReason.HANDSHAKE_FAILED) == cutBefore + 1);
            assertThat(stats.handshakes(HandshakeResult.NOT_TLS)).isEqualTo(notTlsBefore + 1);
            assertThat(stats.info().cut()).containsKey("handshake-failed");
            assertThat(echo(good, "after")).as("the TLS session goes on").isEqualTo("after");
        }
    }

    @Test
    void aPeerThatNeverFinishesItsHandshakeIsCutAtTheHandshakeTimeout() throws Exception {
        ListenerStats stats = this.registry.listener("tls").orElseThrow();
        long cutBefore = stats.cut(CutReason.HANDSHAKE_TIMEOUT);
        try (Peers.Tcp silent = Peers.tcp(Peers.address(this.registry, "tls"))) {
            assertThat(silent.closedByServer()).as("cut after ssl.handshake-timeout (1 s), not the idle timeout (1 min)").isTrue();
        }
        assertThat(stats.cut(CutReason.HANDSHAKE_TIMEOUT)).isEqualTo(cutBefore + 1);
        assertThat(stats.handshakes(HandshakeResult.TIMEOUT)).isPositive();
    }

    @Test
    void theListenersShowTheirModeProxyProtocolAndTlsBundleAndProtocols() throws Exception {
        Map<String, JsonNode> listeners = new HashMap<>();
        api("/api/listeners").forEach((listener) -> listeners.put(listener.get("name").asString(), listener));
        JsonNode tls = listeners.get("tls");
        assertThat(tls.get("mode").asString()).isEqualTo("echo");
        assertThat(tls.get("proxyProtocol").asString()).isEqualTo("off");
        assertThat(tls.get("tls").get("bundle").asString()).isEqualTo("server");
        assertThat(tls.get("tls").get("protocols")).extracting(JsonNode::asString).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(tls.get("tls").get("clientAuth").asString()).isEqualTo("none");
        assertThat(listeners.get("tcp").get("tls").isNull()).as("a plain listener has no tls").isTrue();
        assertThat(listeners.get("tcp").get("mode").asString()).isEqualTo("echo");
    }

    @Test
    void plainContextsCarryNoTls() throws Exception {
        try (Peers.Tcp plain = Peers.tcp(Peers.address(this.registry, "tcp"))) {
            assertThat(plain.echo(new byte[] { 1 })).containsExactly(1);
            assertThat(Peers.session(this.registry, plain.socket().getLocalPort()).orElseThrow().tls()).isNull();
        }
    }

    /** Whether the server ended the connection (whatever it sent before) within the peer's read timeout. */
    private static boolean endsWithin(Peers.Tcp peer) throws Exception {
        try {
            byte[] sent = peer.socket().getInputStream().readNBytes(1024);
            return sent.length < 1024;
        }
        catch (java.net.SocketTimeoutException ex) {
            return false;
        }
        catch (java.net.SocketException reset) {
            return true;
        }
    }

    private SSLSocket connect(String protocol) throws Exception {
        InetSocketAddress server = Peers.address(this.registry, "tls");
        SSLSocket socket = (SSLSocket) TestCertificates.trustingClient().getSocketFactory().createSocket(server.getAddress(), server.getPort());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] { protocol });
        parameters.setServerNames(List.of(new SNIHostName("localhost")));
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        return socket;
    }

    private static String echo(SSLSocket socket, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return new String(socket.getInputStream().readNBytes(bytes.length), StandardCharsets.US_ASCII);
    }

    private JsonNode api(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }
}
