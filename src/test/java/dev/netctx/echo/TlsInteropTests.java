package dev.netctx.echo;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextRegistry;
import dev.netctx.context.HandshakeResult;
import dev.netctx.context.ListenerStats;
import dev.netctx.testing.ExternalTool;
import dev.netctx.testing.InteractiveRun;
import dev.netctx.testing.MbedTlsProgram;
import dev.netctx.tls.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TLS listener echoes to peers nobody here wrote, over loopback: OpenSSL's {@code s_client}
 * (TLS 1.3 and 1.2), GnuTLS's {@code gnutls-cli} (TLS 1.3 and 1.2), and a client of the project's on
 * mbed TLS 2.28 itself ({@code interop/mbedtls/tls_client.c}, TLS 1.2: Debian builds 2.28 without its
 * experimental TLS 1.3). Each verifies the server's certificate against the test CA for
 * {@code localhost}. Skipped where a tool is missing, failing under CI ({@link ExternalTool}).
 */
@SpringBootTest(properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0", "server.port=0",
        "management.server.port=0", "netctx.listeners.tls.protocol=tcp", "netctx.listeners.tls.port=0",
        "netctx.listeners.tls.ssl.bundle=server",
        "spring.ssl.bundle.pem.server.keystore.certificate=classpath:tls/server.crt",
        "spring.ssl.bundle.pem.server.keystore.private-key=classpath:tls/server.key" })
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TlsInteropTests {

    private static final ExternalTool OPENSSL = new ExternalTool("openssl", "openssl");

    private static final ExternalTool GNUTLS_CLI = new ExternalTool("gnutls-cli", "gnutls-bin");

    private static final String CA = TestCertificates.file("ca.crt").toString();

    @Autowired
    private ContextRegistry registry;

    @Test
    void opensslEchoesOverTls13() throws Exception {
        assertThat(openssl("-tls1_3", "hello openssl 1.3")).contains("TLSv1.3").contains("Verify return code: 0 (ok)");
    }

    @Test
    void opensslEchoesOverTls12() throws Exception {
        assertThat(openssl("-tls1_2", "hello openssl 1.2")).contains("TLSv1.2").contains("Verify return code: 0 (ok)");
    }

    @Test
    void gnutlsEchoesOverTls13() throws Exception {
        assertThat(gnutls("NORMAL:-VERS-ALL:+VERS-TLS1.3", "hello gnutls 1.3")).contains("TLS1.3");
    }

    @Test
    void gnutlsEchoesOverTls12() throws Exception {
        assertThat(gnutls("NORMAL:-VERS-ALL:+VERS-TLS1.2", "hello gnutls 1.2")).contains("TLS1.2");
    }

    @Test
    void mbedTlsEchoesOverTls12() throws Exception {
        Path client = MbedTlsProgram.build("tls_client");
        InetSocketAddress server = server();
        ExternalTool.Result result = new ExternalTool(client.toString(), "libmbedtls-dev").run("127.0.0.1",
                String.valueOf(server.getPort()), CA, "localhost", "hello mbed TLS");
        assertThat(result.output()).contains("protocol TLSv1.2").contains("echo hello mbed TLS");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    private String openssl(String version, String line) throws Exception {
        long before = stats().handshakes(HandshakeResult.OK);
        String output = InteractiveRun.run(OPENSSL.require(), line + "\n", line, "s_client", "-connect",
                "127.0.0.1:" + server().getPort(), version, "-servername", "localhost", "-verify_hostname", "localhost",
                "-CAfile", CA, "-verify_return_error");
        assertEchoed(output, line, before);
        return output;
    }

    private String gnutls(String priority, String line) throws Exception {
        long before = stats().handshakes(HandshakeResult.OK);
        String output = InteractiveRun.run(GNUTLS_CLI.require(), line + "\n", line, "--x509cafile=" + CA,
                "--port=" + server().getPort(), "--sni-hostname=localhost", "--verify-hostname=localhost",
                "--priority=" + priority, "127.0.0.1");
        assertEchoed(output, line, before);
        return output;
    }

    /** The line came back after the tool's own output of it, and the service counted the handshake. */
    private void assertEchoed(String output, String line, long handshakesBefore) {
        assertThat(output).as("the echo").contains(line);
        assertThat(stats().handshakes(HandshakeResult.OK)).isGreaterThan(handshakesBefore);
    }

    private ListenerStats stats() {
        return this.registry.listener("tls").orElseThrow();
    }

    private InetSocketAddress server() {
        return Peers.address(this.registry, "tls");
    }
}
