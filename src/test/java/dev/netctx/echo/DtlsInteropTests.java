package dev.netctx.echo;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextRegistry;
import dev.netctx.context.HandshakeResult;
import dev.netctx.testing.ExternalTool;
import dev.netctx.testing.InteractiveRun;
import dev.netctx.testing.LossyRelay;
import dev.netctx.testing.MbedTlsProgram;
import dev.netctx.tls.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DTLS 1.2 echo to clients nobody here wrote: OpenSSL's {@code s_client -dtls1_2}, GnuTLS's
 * {@code gnutls-cli --udp}, and mbed TLS 2.28 itself (the project's {@code interop/mbedtls/dtls_client.c},
 * compiled here against Debian's libmbedtls-dev), directly and through a lossy relay. Each one
 * verifies the server's certificate against the test CA.
 */
@SpringBootTest(properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0",
        "netctx.listeners.udp.ssl.bundle=dtls",
        "spring.ssl.bundle.pem.dtls.keystore.certificate=file:src/test/resources/tls/server.crt",
        "spring.ssl.bundle.pem.dtls.keystore.private-key=file:src/test/resources/tls/server.key" })
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DtlsInteropTests {

    private static final ExternalTool OPENSSL = new ExternalTool("openssl", "openssl");

    private static final ExternalTool GNUTLS_CLI = new ExternalTool("gnutls-cli", "gnutls-bin");

    @Autowired
    private ContextRegistry registry;

    private int port() {
        return Peers.address(this.registry, "udp").getPort();
    }

    private long handshakes() {
        return this.registry.listener("udp").orElseThrow().handshakes(HandshakeResult.OK);
    }

    @Test
    void opensslSClientDtls12GetsItsEcho() throws Exception {
        long before = handshakes();
        String output = InteractiveRun.run(OPENSSL.require(), "hello from openssl\n", "hello from openssl", "s_client",
                "-dtls1_2", "-connect", "127.0.0.1:" + port(), "-CAfile", TestCertificates.file("ca.crt").toString(),
                "-servername", "localhost", "-verify_return_error", "-quiet", "-no_ign_eof");
        assertThat(output).contains("hello from openssl").contains("verify return:1");
        assertThat(handshakes()).isEqualTo(before + 1);
    }

    @Test
    void gnutlsCliUdpGetsItsEcho() throws Exception {
        long before = handshakes();
        String output = InteractiveRun.run(GNUTLS_CLI.require(), "hello from gnutls\n", "hello from gnutls\n", "--udp",
                "--port", String.valueOf(port()), "--x509cafile", TestCertificates.file("ca.crt").toString(),
                "--sni-hostname", "localhost", "--verify-hostname", "localhost", "127.0.0.1");
        assertThat(output).contains("Handshake was completed").contains("DTLS1.2").contains("hello from gnutls\n");
        assertThat(handshakes()).isEqualTo(before + 1);
    }

    @Test
    void mbedTlsDtlsClientGetsItsEchoes() throws Exception {
        Path client = MbedTlsProgram.build("dtls_client");
        ExternalTool.Result run = new ExternalTool(client.toString(), "libmbedtls-dev").run("127.0.0.1", String.valueOf(port()),
                TestCertificates.file("ca.crt").toString(), "localhost", "hello from mbed TLS", "20");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("DTLSv1.2").contains("ok 20");
    }

    @Test
    void mbedTlsDtlsClientGetsThroughALossyRelayWithASmallMtu() throws Exception {
        Path client = MbedTlsProgram.build("dtls_client");
        try (LossyRelay relay = new LossyRelay(new InetSocketAddress("127.0.0.1", port()), 6347, 0.2, 0.1, 0.1)) {
            ExternalTool.Result run = new ExternalTool(client.toString(), "libmbedtls-dev").run("127.0.0.1",
                    String.valueOf(relay.address().getPort()), TestCertificates.file("ca.crt").toString(), "localhost",
                    "through a lossy relay", "1", "512");
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("ok 1");
        }
    }
}
