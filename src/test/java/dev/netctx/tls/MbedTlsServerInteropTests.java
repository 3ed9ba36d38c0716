package dev.netctx.tls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.netctx.net.NetContext;
import dev.netctx.net.NetError;
import dev.netctx.net.NetProtocol;
import dev.netctx.testing.ExternalTool;
import dev.netctx.testing.MbedTlsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The port's TLS layer in its client role against mbed TLS 2.28 itself, as a C program would use
 * it: {@link TlsContext} over a TCP {@link NetContext} to {@code interop/mbedtls/tls_server.c}, and
 * {@link DtlsContext} over a UDP one to {@code dtls_server.c} (HelloVerifyRequest first). Both verify
 * the server against the test CA, echo several messages, agree with the server on protocol and
 * cipher suite, and end with a close-notify the server sees. Skipped where gcc or the library is
 * missing, failing under CI ({@link ExternalTool}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MbedTlsServerInteropTests {

    private static final List<String> MESSAGES = List.of("hello mbed TLS", "x".repeat(4000), "last");

    @Test
    void tlsContextEchoesWithTheMbedTlsServer() throws Exception {
        try (MbedTlsServer server = MbedTlsServer.start("tls_server", 1)) {
            TlsSessionInfo session;
            try (NetContext net = new NetContext()) {
                net.connect("127.0.0.1", server.port(), NetProtocol.TCP);                        // mbedtls_net_connect
                TlsContext tls = new TlsContext(TlsConfig.client(TlsTrust.fromPem(TestCertificates.file("ca.crt"), "TLS"))
                    .readTimeout(20_000));                                                       // mbedtls_ssl_setup
                tls.setBio(TlsBio.of(net));
                tls.setHostname("localhost");
                assertThat(tls.handshake()).isZero();
                for (String message : MESSAGES) {
                    byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
                    assertThat(tls.write(ByteBuffer.wrap(bytes))).isEqualTo(bytes.length);
                    ByteBuffer echo = ByteBuffer.allocate(bytes.length);
                    while (echo.hasRemaining()) {
                        assertThat(tls.read(echo)).as("mbedtls_ssl_read").isPositive();
                    }
                    assertThat(echo.array()).isEqualTo(bytes);
                }
                tls.closeNotify();
                session = tls.session();
            }
            ExternalTool.Result exit = server.awaitExit();
            assertThat(exit.exitCode()).as(exit.output()).isZero();
            assertThat(exit.output()).contains("session 1: echoed 4018 bytes, closed by the client");
            assertThat(List.of(session.protocol(), session.cipherSuite())).isEqualTo(MbedTlsServer.negotiated(exit.output()));
            assertThat(session.protocol()).isEqualTo("TLSv1.2");
            assertThat(session.peerSubject()).isEqualTo("CN=netctx test server");
        }
    }

    @Test
    void dtlsContextEchoesWithTheMbedTlsDtlsServer() throws Exception {
        try (MbedTlsServer server = MbedTlsServer.start("dtls_server", 1)) {
            TlsSessionInfo session;
            try (NetContext net = new NetContext()) {
                net.connect("127.0.0.1", server.port(), NetProtocol.UDP);
                DtlsContext dtls = new DtlsContext(TlsConfig.client(TlsTrust.fromPem(TestCertificates.file("ca.crt"), "DTLS"))
                    .readTimeout(20_000), DtlsSettings.DEFAULTS, new DtlsBuffers());
                dtls.setBio(TlsBio.of(net));
                dtls.setHostname("localhost", server.port());
                assertThat(dtls.handshake()).isZero();
                for (String message : MESSAGES) {
                    byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
                    assertThat(dtls.write(ByteBuffer.wrap(bytes))).isEqualTo(bytes.length);
                    ByteBuffer echo = ByteBuffer.allocate(bytes.length);
                    while (echo.hasRemaining()) {
                        int read = dtls.read(echo);
                        assertThat(read).as("mbedtls_ssl_read").isNotEqualTo(NetError.TIMEOUT.code()).isPositive();
                    }
                    assertThat(echo.array()).isEqualTo(bytes);
                }
                dtls.closeNotify();
                session = dtls.session();
            }
            ExternalTool.Result exit = server.awaitExit();
            assertThat(exit.exitCode()).as(exit.output()).isZero();
            // the 4000 bytes went out as records of at most the MTU each, echoed one by one
            assertThat(exit.output()).containsPattern("session 1: echoed 4018 bytes in [5-9] records, closed by the client");
            assertThat(List.of(session.protocol(), session.cipherSuite())).isEqualTo(MbedTlsServer.negotiated(exit.output()));
            assertThat(session.protocol()).isEqualTo("DTLSv1.2");
        }
    }
}
