package dev.netctx.client;

import java.util.concurrent.TimeUnit;

import dev.netctx.tls.TestCertificates;
import dev.netctx.tls.TlsEchoServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code client tcp --tls} against a JSSE echo server with the test certificate: trust, SNI, and the loud insecure mode. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientTlsTests {

    @RegisterExtension
    private final TlsEchoServerExtension server = new TlsEchoServerExtension();

    @Test
    void linesComeBackOverTlsWithTheTestCa() {
        ClientRun run = ClientRun.of("hello\nworld\n", "tcp", "--port", port(), "--tls", "--ca", ca());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.outLines()).containsExactly("hello", "world");
    }

    @Test
    void aPayloadRunSaysWhatTheHandshakeAgreed() {
        ClientRun run = ClientRun.of("", "tcp", "--port", port(), "--tls", "--ca", ca(), "--sni", "localhost",
                "--count", "20", "--size", "40KB");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("TLS: TLSv1.3").contains("server certificate CN=netctx test server")
            .contains("20 payloads of 40960 random bytes echoed byte for byte");
    }

    @Test
    void anUntrustedServerFailsWithTheMbedTlsError() {
        ClientRun run = ClientRun.of("", "tcp", "--port", port(), "--tls", "--count", "1");
        assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_NETWORK);
        assertThat(run.err()).contains("TLS handshake with server at 127.0.0.1:" + port() + " failed: X509_CERT_VERIFY_FAILED (-0x2700)");
    }

    @Test
    void aNameTheCertificateDoesNotHoldFailsVerification() {
        ClientRun run = ClientRun.of("", "tcp", "--port", port(), "--tls", "--ca", ca(), "--sni", "other.example", "--count", "1");
        assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_NETWORK);
        assertThat(run.err()).contains("X509_CERT_VERIFY_FAILED");
    }

    @Test
    void insecureTrustsAnyServerAndSaysSoLoudly() {
        ClientRun run = ClientRun.of("", "tcp", "--port", port(), "--tls", "--insecure", "--count", "3");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).contains("WARNING: --insecure");
    }

    @Test
    void tlsOptionsWithoutTlsAreAUsageError() {
        assertThat(ClientRun.of("", "tcp", "--port", port(), "--ca", ca()).status()).isEqualTo(EchoClientCommand.EXIT_USAGE);
        assertThat(ClientRun.of("", "tcp", "--port", port(), "--tls", "--ca", ca(), "--insecure").status())
            .isEqualTo(EchoClientCommand.EXIT_USAGE);
    }

    private String port() {
        return String.valueOf(this.server.port());
    }

    private static String ca() {
        return TestCertificates.file("ca.crt").toString();
    }
}
