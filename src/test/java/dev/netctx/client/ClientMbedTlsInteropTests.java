package dev.netctx.client;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.netctx.testing.ExternalTool;
import dev.netctx.testing.LossyRelay;
import dev.netctx.testing.MbedTlsServer;
import dev.netctx.tls.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code client tcp --tls} and {@code client udp --tls} against mbed TLS 2.28 itself: the project's
 * {@code interop/mbedtls/tls_server.c} and {@code dtls_server.c} (cookie exchange first), built with
 * gcc against Debian's libmbedtls-dev. Each echo is verified by the client, both sides must name
 * the same protocol and cipher suite, and the server must see the client's close-notify. Skipped
 * where gcc or the library is missing, failing under CI ({@link ExternalTool}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientMbedTlsInteropTests {

    @Test
    void clientTcpTlsEchoesLinesAndPayloadsWithTheMbedTlsServer() throws Exception {
        try (MbedTlsServer server = MbedTlsServer.start("tls_server", 2)) {
            String port = String.valueOf(server.port());
            ClientRun lines = ClientRun.of("hello mbed TLS\nsecond line\n", "tcp", "--port", port, "--tls", "--ca", ca(),
                    "--sni", "localhost");
            assertThat(lines.status()).as(lines.err()).isZero();
            assertThat(lines.outLines()).containsExactly("hello mbed TLS", "second line");
            ClientRun payloads = ClientRun.of("", "tcp", "--port", port, "--tls", "--ca", ca(), "--sni", "localhost",
                    "--count", "20", "--size", "40KB");
            assertThat(payloads.status()).as(payloads.err()).isZero();
            assertThat(payloads.out()).contains("20 payloads of 40960 random bytes echoed byte for byte");

            ExternalTool.Result exit = server.awaitExit();
            assertThat(exit.exitCode()).as(exit.output()).isZero();
            assertThat(exit.output()).contains("session 1: echoed 27 bytes, closed by the client")
                .contains("session 2: echoed 819200 bytes, closed by the client");
            assertSameSession(payloads, exit, "TLSv1.2");
        }
    }

    @Test
    void clientUdpTlsEchoesLinesAndPayloadsWithTheMbedTlsDtlsServer() throws Exception {
        try (MbedTlsServer server = MbedTlsServer.start("dtls_server", 2)) {
            String port = String.valueOf(server.port());
            ClientRun lines = ClientRun.of("hello mbed TLS\nsecond line\n", "udp", "--port", port, "--tls", "--ca", ca(),
                    "--sni", "localhost");
            assertThat(lines.status()).as(lines.err()).isZero();
            assertThat(lines.outLines()).containsExactly("hello mbed TLS", "second line");
            ClientRun payloads = ClientRun.of("", "udp", "--port", port, "--tls", "--ca", ca(), "--sni", "localhost",
                    "--count", "20", "--size", "16KB");
            assertThat(payloads.status()).as(payloads.err()).isZero();
            assertThat(payloads.out()).contains("20 payloads of 16384 random bytes echoed byte for byte");

            ExternalTool.Result exit = server.awaitExit();
            assertThat(exit.exitCode()).as(exit.output()).isZero();
            assertThat(exit.output()).contains("session 1: echoed 27 bytes in 2 records, closed by the client");
            Matcher payloadRecords = Pattern.compile("session 2: echoed 327680 bytes in (\\d+) records, closed by the client")
                .matcher(exit.output());
            assertThat(payloadRecords.find()).as(exit.output()).isTrue();
            // each 16 KiB payload went out as a dozen records of at most the MTU (1400 bytes), each echoed on its own
            assertThat(Integer.parseInt(payloadRecords.group(1))).isBetween(20 * 12, 20 * 13);
            assertSameSession(payloads, exit, "DTLSv1.2");
        }
    }

    @Test
    void clientUdpTlsGetsThroughTheLossOfEachSidesFirstDatagramToTheMbedTlsDtlsServer() throws Exception {
        try (MbedTlsServer server = MbedTlsServer.start("dtls_server", 1);
                LossyRelay relay = new LossyRelay(new InetSocketAddress("127.0.0.1", server.port()), LossyRelay.dropFirst(1))) {
            ClientRun run = ClientRun.of("through loss\n", "udp", "--port", String.valueOf(relay.address().getPort()), "--tls", "--ca",
                    ca(), "--sni", "localhost", "--timeout", "10s");
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.outLines()).containsExactly("through loss");
            // the ClientHello was lost, then the HelloVerifyRequest: the client sent its ClientHello three times
            assertThat(relay.fromClient()).isGreaterThanOrEqualTo(5);
            ExternalTool.Result exit = server.awaitExit();
            assertThat(exit.exitCode()).as(exit.output()).isZero();
            assertThat(exit.output()).contains("session 1: echoed 13 bytes in 1 records, closed by the client");
        }
    }

    @Test
    void aClientThatDoesNotTrustTheMbedTlsServerFailsWithTheMbedTlsErrorAndSoDoesTheServer() throws Exception {
        try (MbedTlsServer server = MbedTlsServer.start("tls_server", 1)) {
            ClientRun run = ClientRun.of("", "tcp", "--port", String.valueOf(server.port()), "--tls", "--sni", "localhost",
                    "--count", "1");
            assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_NETWORK);
            assertThat(run.err()).startsWith("TLS handshake with server at 127.0.0.1:" + server.port()
                    + " failed: X509_CERT_VERIFY_FAILED (-0x2700)");
            ExternalTool.Result exit = server.awaitExit();
            assertThat(exit.exitCode()).isOne();
            // the client's fatal alert (FATAL_ALERT_MESSAGE), or the reset of a client that closed with the
            // server's last handshake messages unread, which may come before the server reads the alert
            assertThat(exit.output()).containsPattern("session 1 failed: mbedtls_ssl_handshake -0x(7780|0050) ");
        }
    }

    @Test
    void aDtlsClientThatDoesNotTrustTheMbedTlsServerFailsWithTheMbedTlsError() throws Exception {
        try (MbedTlsServer server = MbedTlsServer.start("dtls_server", 1)) {
            ClientRun run = ClientRun.of("", "udp", "--port", String.valueOf(server.port()), "--tls", "--sni", "localhost",
                    "--count", "1");
            assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_NETWORK);
            assertThat(run.err()).startsWith("DTLS handshake with server at 127.0.0.1:" + server.port()
                    + " failed: X509_CERT_VERIFY_FAILED (-0x2700)");
            ExternalTool.Result exit = server.awaitExit();
            assertThat(exit.exitCode()).isOne();
            assertThat(exit.output()).contains("session 1 failed: mbedtls_ssl_handshake");
        }
    }

    /** The client's {@code TLS:} line names the protocol and cipher suite the mbed TLS server printed. */
    private static void assertSameSession(ClientRun client, ExternalTool.Result server, String protocol) {
        List<String> negotiated = MbedTlsServer.negotiated(server.output());
        assertThat(negotiated.get(0)).isEqualTo(protocol);
        assertThat(client.out()).contains("TLS: " + protocol + " " + negotiated.get(1) + ", server certificate CN=netctx test server");
    }

    private static String ca() {
        return TestCertificates.file("ca.crt").toString();
    }
}
