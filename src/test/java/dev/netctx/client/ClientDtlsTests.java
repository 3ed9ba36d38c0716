package dev.netctx.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextRegistry;
import dev.netctx.context.DropReason;
import dev.netctx.context.HandshakeResult;
import dev.netctx.context.ListenerStats;
import dev.netctx.testing.DtlsListenerTest;
import dev.netctx.testing.LossyRelay;
import dev.netctx.tls.TestCertificates;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code client udp --tls} (DTLS 1.2) against the service's own DTLS listener: lines and payload runs,
 * trust, the session line, a handshake through loss, a server that never answers, one that is not
 * there, plain UDP sent to it by mistake, and the usage errors.
 */
@DtlsListenerTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientDtlsTests {

    @Autowired
    private ContextRegistry registry;

    @Test
    void linesComeBackOverDtlsWithTheTestCa() {
        long handshakes = stats().handshakes(HandshakeResult.OK);
        ClientRun run = ClientRun.of("hello\nworld\n", "udp", "--port", port(), "--tls", "--ca", ca(), "--sni", "localhost");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.outLines()).containsExactly("hello", "world");
        assertThat(run.err()).isEmpty();
        assertThat(stats().handshakes(HandshakeResult.OK)).isEqualTo(handshakes + 1);
    }

    @Test
    void aPayloadRunOf16KiBPayloadsSaysWhatTheHandshakeAgreed() {
        ClientRun run = ClientRun.of("", "udp", "--port", port(), "--tls", "--ca", ca(), "--sni", "localhost",
                "--count", "30", "--size", "16KB");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("TLS: DTLSv1\\.2 TLS_\\w+, server certificate CN=netctx test server")
            .contains("30 payloads of 16384 random bytes echoed byte for byte by 127.0.0.1:" + port() + " over UDP");
    }

    @Test
    void theInteractiveClientShowsTheSessionAfterConnecting() {
        ClientRun run = ClientRun.of("hi\nquit\n", "udp", "--port", port(), "--tls", "--ca", ca(), "--sni", "localhost",
                "--interactive");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.outLines()).startsWith("Starting UDP CLIENT...", "Trying to connect to server at 127.0.0.1:" + port() + "...",
                "Connected to server.").contains("Response received: hi");
        assertThat(run.outLines().get(3)).startsWith("TLS: DTLSv1.2 TLS_");
    }

    @Test
    void theHandshakeSurvivesTheLossOfEachSidesFirstDatagram() throws IOException {
        try (LossyRelay relay = new LossyRelay(server(), LossyRelay.dropFirst(1))) {
            ClientRun run = ClientRun.of("through loss\n", "udp", "--port", String.valueOf(relay.address().getPort()), "--tls", "--ca", ca(),
                    "--sni", "localhost", "--timeout", "10s");
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.outLines()).containsExactly("through loss");
            // the ClientHello was lost, then the HelloVerifyRequest: the client sent its ClientHello three times
            assertThat(relay.fromClient()).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void anUntrustedServerFailsWithTheMbedTlsErrorAndTheServerLearnsItFromTheClientsAlert() {
        long alerts = stats().handshakes(HandshakeResult.PEER_ALERT);
        long timeouts = stats().handshakes(HandshakeResult.TIMEOUT);
        ClientRun run = ClientRun.of("", "udp", "--port", port(), "--tls", "--sni", "localhost", "--count", "1");
        assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_NETWORK);
        assertThat(run.err()).startsWith("DTLS handshake with server at 127.0.0.1:" + port()
                + " failed: X509_CERT_VERIFY_FAILED (-0x2700)");
        // well before the listener's 4 s handshake timeout: the client's fatal alert ends the server's session
        Awaitility.await().atMost(Duration.ofSeconds(3)).untilAsserted(
                () -> assertThat(stats().handshakes(HandshakeResult.PEER_ALERT)).isEqualTo(alerts + 1));
        assertThat(stats().handshakes(HandshakeResult.TIMEOUT)).isEqualTo(timeouts);
    }

    @Test
    void insecureTrustsAnyServerAndSaysSoLoudly() {
        ClientRun run = ClientRun.of("", "udp", "--port", port(), "--tls", "--insecure", "--count", "3");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).contains("WARNING: --insecure");
        assertThat(run.out()).contains("TLS: DTLSv1.2");
    }

    @Test
    void aServerThatNeverAnswersGetsItsClientHelloAgainAndThenATimeout() throws IOException {
        try (DatagramChannel silent = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int silentPort = ((InetSocketAddress) silent.getLocalAddress()).getPort();
            ClientRun run = ClientRun.of("", "udp", "--port", String.valueOf(silentPort), "--tls", "--ca", ca(),
                    "--count", "1", "--timeout", "2500ms");
            assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_NETWORK);
            assertThat(run.err().strip()).isEqualTo("No DTLS handshake with server at 127.0.0.1:" + silentPort
                    + " within 2500 ms: TIMEOUT (-0x6800)");
            silent.configureBlocking(false);
            int helloes = 0;
            while (silent.receive(ByteBuffer.allocate(2048)) != null) {
                helloes++;
            }
            assertThat(helloes).as("the ClientHello at 0 s, again at 1 s").isEqualTo(2);
        }
    }

    @Test
    void plainUdpAtTheDtlsListenerTimesOutSuggestingTls() {
        long notDtls = stats().dropped(DropReason.NOT_DTLS);
        ClientRun run = ClientRun.of("hello\n", "udp", "--port", port(), "--timeout", "500ms");
        assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_NETWORK);
        assertThat(run.errLines()).containsExactly("FAILED after 0 echoes: No echo from server at 127.0.0.1:" + port()
                + " within 500 ms: TIMEOUT (-0x6800); if that port is a DTLS listener, add --tls");
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(stats().dropped(DropReason.NOT_DTLS)).isEqualTo(notDtls + 1));
    }

    @Test
    void aServerThatIsNotThereIsARefusal() throws IOException {
        int closedPort;
        try (DatagramChannel gone = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            closedPort = ((InetSocketAddress) gone.getLocalAddress()).getPort();
        }
        ClientRun run = ClientRun.of("", "udp", "--port", String.valueOf(closedPort), "--tls", "--ca", ca(), "--count", "1");
        assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_NETWORK);
        assertThat(run.err()).startsWith("Server at 127.0.0.1:" + closedPort + " refused the datagram (ICMP port unreachable");
    }

    @Test
    void aPayloadLargerThanOneRecordAndTlsOptionsWithoutTlsAreUsageErrors() {
        ClientRun tooLarge = ClientRun.of("", "udp", "--port", port(), "--tls", "--insecure", "--count", "1", "--size", "16385");
        assertThat(tooLarge.status()).isEqualTo(EchoClientCommand.EXIT_USAGE);
        assertThat(tooLarge.err()).contains("--size must be 1..16384 bytes over UDP with --tls (DTLS), got 16385");
        ClientRun withoutTls = ClientRun.of("", "udp", "--port", port(), "--sni", "localhost");
        assertThat(withoutTls.status()).isEqualTo(EchoClientCommand.EXIT_USAGE);
        assertThat(withoutTls.err()).contains("--ca, --insecure and --sni need --tls");
    }

    private ListenerStats stats() {
        return this.registry.listener("udp").orElseThrow();
    }

    private InetSocketAddress server() {
        return new InetSocketAddress("127.0.0.1", stats().port());
    }

    private String port() {
        return String.valueOf(stats().port());
    }

    private static String ca() {
        return TestCertificates.file("ca.crt").toString();
    }
}
