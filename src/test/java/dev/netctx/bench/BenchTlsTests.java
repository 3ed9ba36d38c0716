package dev.netctx.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.netctx.testing.CommandRun;
import dev.netctx.tls.TestCertificates;
import dev.netctx.tls.TlsEchoServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load generator's TLS modes ({@code tcp --tls}, {@code handshakes --tls}, {@code connections --tls})
 * against a JSSE echo server with the test certificate, a thread per connection: every echo verified,
 * the handshakes counted, a server that is not trusted a failure that names the TLS error.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BenchTlsTests {

    private static final String[] SHORT = { "--warmup", "100ms", "--duration", "500ms", "--timeout", "10s" };

    @RegisterExtension
    private final TlsEchoServerExtension server = new TlsEchoServerExtension();

    private CommandRun run;

    @Test
    void tcpOverTlsVerifiesEveryEcho() {
        int exit = run("tcp", "--connections", "4", "--in-flight", "4", "--size", "2KB");
        assertThat(exit).as(this.run.err()).isZero();
        Map<String, String> result = result();
        assertThat(result).containsEntry("failures", "0").containsEntry("unanswered", "0").containsEntry("ok", "true");
        assertThat(Double.parseDouble(result.get("msgs_per_s"))).isPositive();
    }

    @Test
    void handshakesCountsNewSessions() {
        int exit = run("handshakes", "--threads", "2");
        assertThat(exit).as(this.run.err()).isZero();
        assertThat(result()).containsEntry("failures", "0").containsEntry("ok", "true");
        assertThat(Double.parseDouble(result().get("handshakes_per_s"))).isPositive();
    }

    @Test
    void connectionsOverTlsHandshakeAndEchoOnEachThenHoldThemAll() {
        int exit = run("connections", "--connections", "30", "--rate", "200", "--hold", "0s", "--warmup", "0s",
                "--server-pid", Long.toString(ProcessHandle.current().pid()));
        assertThat(exit).as(this.run.err()).isZero();
        assertThat(result()).containsEntry("tls", "1").containsEntry("established", "30").containsEntry("failed", "0")
            .containsEntry("mismatched", "0");
        assertThat(Double.parseDouble(result().get("server_rss_mb"))).isPositive();
    }

    @Test
    void anUntrustedServerFailsEveryConnectionWithTheTlsError() {
        this.run = CommandRun.of("", "bench", "connections", "--port", port(), "--connections", "3", "--hold", "0s",
                "--warmup", "0s", "--timeout", "10s", "--tls");
        assertThat(this.run.status()).isZero();   // a connection that fails is counted, not fatal
        assertThat(result()).containsEntry("established", "0").containsEntry("failed", "3");
        assertThat(this.run.err()).contains("X509_CERT_VERIFY_FAILED");
    }

    private int run(String mode, String... args) {
        String[] all = new String[2 + SHORT.length + args.length + 6];
        all[0] = "bench";
        all[1] = mode;
        System.arraycopy(SHORT, 0, all, 2, SHORT.length);
        System.arraycopy(args, 0, all, 2 + SHORT.length, args.length);
        System.arraycopy(new String[] { "--port", port(), "--tls", "--ca", TestCertificates.file("ca.crt").toString(),
            "--sni=localhost" }, 0, all, 2 + SHORT.length + args.length, 6);
        this.run = CommandRun.of("", all);
        return this.run.status();
    }

    private Map<String, String> result() {
        return BenchResult.of(this.run);
    }

    private String port() {
        return String.valueOf(this.server.port());
    }
}
