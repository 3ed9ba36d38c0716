package dev.netctx.echo;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ContextRole;
import dev.netctx.context.DropReason;
import dev.netctx.context.ListenerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listeners in {@code mode: info}: one JSON line per TCP connection (then the end of the stream) or
 * per UDP datagram, naming the host, the listener, the client as seen and the bytes so far; a UDP
 * source outside the trusted networks gets no answer larger than its datagram.
 */
@SpringBootTest(properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0",
        "netctx.listeners.info-tcp.protocol=tcp", "netctx.listeners.info-tcp.port=0", "netctx.listeners.info-tcp.mode=info",
        "netctx.listeners.info-udp.protocol=udp", "netctx.listeners.info-udp.port=0", "netctx.listeners.info-udp.mode=info",
        "netctx.trusted-networks=127.0.0.2/32", "POD_NAME=netctx-7f9c-abcde", "POD_NAMESPACE=diagnostics",
        "NODE_NAME=node-3" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InfoListenerTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    private ContextRegistry registry;

    @Test
    void aTcpConnectionGetsOneLineAboutItselfThenTheEndOfTheStream() throws IOException {
        InetSocketAddress server = Peers.address(this.registry, "info-tcp");
        try (Socket client = new Socket()) {
            client.connect(server, Peers.READ_TIMEOUT_MILLIS);
            client.setSoTimeout(Peers.READ_TIMEOUT_MILLIS);
            String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).endsWith("\n").containsOnlyOnce("\n");
            Map<String, Object> line = parse(answer);
            assertThat(line).containsEntry("listener", "info-tcp").containsEntry("protocol", "tcp")
                .containsEntry("client", "127.0.0.1:" + client.getLocalPort())
                .containsEntry("local", "127.0.0.1:" + server.getPort())
                .containsEntry("received", 0)
                .containsEntry("sent", 0);
            assertThat(line.get("host")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("pod", "netctx-7f9c-abcde").containsEntry("namespace", "diagnostics")
                .containsEntry("node", "node-3").containsKey("hostname");
            client.getOutputStream().write("bytes after the answer are read and dropped".getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(WAIT).until(() -> sessions("info-tcp") == 0);
        assertThat(this.registry.listener("info-tcp").orElseThrow().info().mode()).as("listed as an info listener")
            .isEqualTo("info");
        assertThat(this.registry.listener("tcp").orElseThrow().info().mode()).isEqualTo("echo");
    }

    @Test
    void whatTheClientSendsFirstDoesNotResetTheAnswerAway() throws IOException {
        InetSocketAddress server = Peers.address(this.registry, "info-tcp");
        for (int i = 0; i < 20; i++) {
            try (Socket client = new Socket()) {
                client.connect(server, Peers.READ_TIMEOUT_MILLIS);
                client.setSoTimeout(Peers.READ_TIMEOUT_MILLIS);
                client.getOutputStream().write(new byte[10_000]);
                client.shutdownOutput();
                String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(parse(answer)).as("answer %d", i).containsEntry("listener", "info-tcp");
            }
        }
        ListenerStats stats = this.registry.listener("info-tcp").orElseThrow();
        await().atMost(WAIT).until(() -> sessions("info-tcp") == 0);
        assertThat(stats.bytesReceived()).isGreaterThanOrEqualTo(20 * 10_000);
    }

    @Test
    void anUntrustedUdpSourceGetsNoAnswerLargerThanItsDatagram() throws IOException {
        InetSocketAddress server = Peers.address(this.registry, "info-udp");
        ListenerStats stats = this.registry.listener("info-udp").orElseThrow();
        long amplificationsBefore = stats.dropped(DropReason.AMPLIFICATION);
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            client.setSoTimeout(Peers.READ_TIMEOUT_MILLIS);
            client.send(new DatagramPacket(new byte[] { 'h', 'i', '\n' }, 3, server));
            await().atMost(WAIT).until(() -> stats.dropped(DropReason.AMPLIFICATION) == amplificationsBefore + 1);
            client.send(new DatagramPacket(new byte[512], 512, server));
            DatagramPacket answer = new DatagramPacket(new byte[2048], 2048);
            client.receive(answer);
            assertThat(answer.getLength()).isLessThanOrEqualTo(512);
            Map<String, Object> line = parse(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8));
            assertThat(line).containsEntry("listener", "info-udp").containsEntry("protocol", "udp")
                .containsEntry("client", "127.0.0.1:" + client.getLocalPort())
                .containsEntry("received", 515)
                .containsEntry("sent", 0);
        }
    }

    @Test
    void aTrustedUdpSourceGetsAnAnswerToEachDatagramWithItsBytesSoFar() throws IOException {
        InetSocketAddress server = Peers.address(this.registry, "info-udp");
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))) {
            client.setSoTimeout(Peers.READ_TIMEOUT_MILLIS);
            long sent = 0;
            for (int i = 1; i <= 3; i++) {
                client.send(new DatagramPacket(new byte[] { 'x' }, 1, server));
                DatagramPacket answer = new DatagramPacket(new byte[2048], 2048);
                client.receive(answer);
                assertThat(answer.getLength()).isGreaterThan(1);
                assertThat(parse(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8)))
                    .containsEntry("client", "127.0.0.2:" + client.getLocalPort())
                    .containsEntry("received", i)
                    .containsEntry("sent", (int) sent);
                sent += answer.getLength();
            }
        }
    }

    @Test
    void theEchoListenersStayByteExact() throws IOException {
        try (Peers.Tcp tcp = Peers.tcp(Peers.address(this.registry, "tcp"))) {
            byte[] bytes = "{\"not\":\"info\"}\n".getBytes(StandardCharsets.UTF_8);
            assertThat(tcp.echo(bytes)).isEqualTo(bytes);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(String line) {
        return this.json.readValue(line, Map.class);
    }

    private long sessions(String listener) {
        return this.registry.contexts().stream()
            .filter((context) -> context.role() == ContextRole.SESSION && context.listener().equals(listener))
            .count();
    }
}
