package dev.netctx.tls;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import dev.netctx.net.NetContext;
import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import dev.netctx.net.NetProtocol;
import dev.netctx.net.PollEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@link TlsContext} between two of its own over loopback TCP: mbed TLS's return conventions and errors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsContextTests {

    @ParameterizedTest
    @ValueSource(strings = { "TLSv1.3", "TLSv1.2" })
    void echoesOverBlockingContextsAndReportsTheSession(String protocol) throws Exception {
        try (NetContext listen = listen()) {
            CompletableFuture<TlsSessionInfo> server = CompletableFuture.supplyAsync(() -> serveEcho(listen,
                    TlsConfig.server(TestCertificates.server()).protocols(List.of(protocol))));
            try (NetContext net = connect(listen); TlsContext tls = client(net, TestCertificates.trustingClient(), "localhost")) {
                assertThat(tls.handshake()).isZero();
                byte[] payload = new byte[100_000];
                new Random(1).nextBytes(payload);
                ByteBuffer out = ByteBuffer.wrap(payload);
                ByteBuffer in = ByteBuffer.allocate(payload.length);
                while (out.hasRemaining()) {
                    assertThat(tls.write(out)).isPositive();
                    assertThat(tls.flush()).isZero();
                    while (in.position() < out.position()) {
                        assertThat(tls.read(in)).isPositive();
                    }
                }
                assertThat(in.array()).isEqualTo(payload);
                assertThat(tls.session().protocol()).isEqualTo(protocol);
                assertThat(tls.session().peerSubject()).isEqualTo("CN=netctx test server");
                assertThat(tls.closeNotify()).isZero();
                assertThat(tls.read(ByteBuffer.allocate(10))).isEqualTo(TlsError.PEER_CLOSE_NOTIFY.code());
            }
            TlsSessionInfo seen = server.get(30, TimeUnit.SECONDS);
            assertThat(seen.protocol()).isEqualTo(protocol);
            assertThat(seen.sni()).isEqualTo("localhost");
            assertThat(seen.cipherSuite()).startsWith("TLS_");
            assertThat(seen.peerSubject()).isNull();
        }
    }

    @Test
    void nonBlockingCallsReturnWantReadUntilThePeerAnswers() throws Exception {
        try (NetContext listen = listen()) {
            CompletableFuture<TlsSessionInfo> server = CompletableFuture.supplyAsync(() -> serveEcho(listen,
                    TlsConfig.server(TestCertificates.server())));
            try (NetContext net = connect(listen); TlsContext tls = client(net, TestCertificates.trustingClient(), "localhost")) {
                net.setNonBlocking();
                int result;
                int wantReads = 0;
                while ((result = tls.handshake()) != 0) {
                    assertThat(result).isIn(NetError.WANT_READ.code(), NetError.WANT_WRITE.code());
                    wantReads++;
                    net.poll(EnumSet.of(PollEvent.READ), 1000);
                }
                assertThat(wantReads).isPositive();
                ByteBuffer ping = ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII));
                assertThat(tls.write(ping)).isEqualTo(4);
                ByteBuffer answer = ByteBuffer.allocate(4);
                while (answer.hasRemaining()) {
                    result = tls.read(answer);
                    if (result == NetError.WANT_READ.code()) {
                        net.poll(EnumSet.of(PollEvent.READ), 1000);
                    }
                }
                assertThat(new String(answer.array(), StandardCharsets.US_ASCII)).isEqualTo("ping");
                tls.closeNotify();
            }
            server.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPlainTextPeerFailsTheServersHandshakeWithInvalidRecord() throws Exception {
        try (NetContext listen = listen()) {
            try (NetContext net = connect(listen); NetContext accepted = listen.accept();
                    TlsContext server = new TlsContext(TlsConfig.server(TestCertificates.server()))) {
                server.setBio(TlsBio.of(accepted));
                net.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThatExceptionOfType(TlsException.class).isThrownBy(server::handshake)
                    .satisfies((ex) -> assertThat(ex.error()).isEqualTo(TlsError.INVALID_RECORD))
                    .satisfies((ex) -> assertThat(ex.code()).isEqualTo(-0x7200));
                assertThatExceptionOfType(TlsException.class).isThrownBy(() -> server.read(ByteBuffer.allocate(1)));
            }
        }
    }

    @Test
    void anUntrustedServerFailsTheClientsHandshakeAndTheServerSeesItsAlert() throws Exception {
        try (NetContext listen = listen()) {
            CompletableFuture<Throwable> server = CompletableFuture.supplyAsync(() -> {
                try (NetContext accepted = listen.accept(); TlsContext tls = new TlsContext(TlsConfig.server(TestCertificates.server()))) {
                    tls.setBio(TlsBio.of(accepted));
                    while (tls.handshake() != 0) {
                        // blocking: returns once done
                    }
                    return null;
                }
                catch (Exception ex) {
                    return ex;
                }
            });
            try (NetContext net = connect(listen);
                    TlsContext tls = client(net, SSLContext.getDefault(), "localhost")) {
                assertThatExceptionOfType(TlsException.class).isThrownBy(tls::handshake)
                    .satisfies((ex) -> assertThat(ex.error()).isEqualTo(TlsError.X509_CERT_VERIFY_FAILED));
            }
            assertThat(server.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(TlsException.class,
                    (ex) -> assertThat(ex.error()).isEqualTo(TlsError.FATAL_ALERT_MESSAGE));
        }
    }

    @Test
    void aServerThatNeedsAClientCertificateFailsWithoutOne() throws Exception {
        try (NetContext listen = listen()) {
            CompletableFuture<Throwable> server = CompletableFuture.supplyAsync(() -> {
                try (NetContext accepted = listen.accept(); TlsContext tls = new TlsContext(
                        TlsConfig.server(TestCertificates.server()).authMode(TlsAuthMode.REQUIRED))) {
                    tls.setBio(TlsBio.of(accepted));
                    tls.handshake();
                    tls.read(ByteBuffer.allocate(1));
                    return null;
                }
                catch (Exception ex) {
                    return ex;
                }
            });
            try (NetContext net = connect(listen); TlsContext tls = client(net, TestCertificates.trustingClient(), "localhost")) {
                try {
                    tls.handshake();
                    tls.read(ByteBuffer.allocate(1));
                }
                catch (TlsException expected) {
                    // TLS 1.3: the client learns of it on its first read, or at the end of its handshake
                }
            }
            assertThat(server.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(TlsException.class,
                    (ex) -> assertThat(ex.error()).isEqualTo(TlsError.NO_CLIENT_CERTIFICATE));
        }
    }

    @Test
    void aClientCertificateShowsInTheServersSession() throws Exception {
        try (NetContext listen = listen()) {
            CompletableFuture<TlsSessionInfo> server = CompletableFuture.supplyAsync(() -> serveEcho(listen,
                    TlsConfig.server(TestCertificates.server()).authMode(TlsAuthMode.REQUIRED)));
            try (NetContext net = connect(listen); TlsContext tls = client(net, TestCertificates.client(), "localhost")) {
                tls.write(ByteBuffer.wrap(new byte[] { 1 }));
                assertThat(tls.read(ByteBuffer.allocate(1))).isEqualTo(1);
                tls.closeNotify();
            }
            TlsSessionInfo seen = server.get(30, TimeUnit.SECONDS);
            assertThat(seen.peerSubject()).isEqualTo("CN=netctx test client");
            assertThat(seen.peerSerial()).isNotBlank();
            assertThat(seen.peerNotAfter()).isNotNull();
        }
    }

    @Test
    void aReadTimeoutReturnsTimeout() throws Exception {
        try (NetContext listen = listen()) {
            try (NetContext net = connect(listen); NetContext accepted = listen.accept();
                    TlsContext server = new TlsContext(TlsConfig.server(TestCertificates.server()).readTimeout(50))) {
                server.setBio(TlsBio.of(accepted));
                assertThat(server.handshake()).isEqualTo(TlsError.TIMEOUT.code()).isEqualTo(-0x6800);
            }
        }
    }

    @Test
    void aContextWithoutTransportIsBadInput() {
        TlsContext tls = new TlsContext(TlsConfig.client(TestCertificates.trustingClient()));
        assertThatExceptionOfType(TlsException.class).isThrownBy(tls::handshake)
            .satisfies((ex) -> assertThat(ex.error()).isEqualTo(TlsError.BAD_INPUT_DATA));
    }

    @Test
    void anUnknownProtocolIsABadConfig() {
        TlsConfig config = TlsConfig.server(TestCertificates.server()).protocols(List.of("TLSv9"));
        assertThatExceptionOfType(TlsException.class).isThrownBy(config::check)
            .satisfies((ex) -> assertThat(ex.error()).isEqualTo(TlsError.BAD_CONFIG));
    }

    /** Accepts one connection and echoes over TLS until the peer's close_notify; what the handshake agreed. */
    private static TlsSessionInfo serveEcho(NetContext listen, TlsConfig config) {
        try (NetContext accepted = listen.accept(); TlsContext tls = new TlsContext(config)) {
            tls.setBio(TlsBio.of(accepted));
            assertThat(tls.handshake()).isZero();
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            int read;
            while ((read = tls.read(buffer.clear())) > 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    tls.write(buffer);
                }
                tls.flush();
            }
            assertThat(read).isEqualTo(TlsError.PEER_CLOSE_NOTIFY.code());
            tls.closeNotify();
            return tls.session();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static NetContext listen() throws NetException {
        NetContext listen = new NetContext();
        listen.bind("127.0.0.1", 0, NetProtocol.TCP);
        return listen;
    }

    private static NetContext connect(NetContext listen) throws NetException {
        NetContext net = new NetContext();
        net.connect("127.0.0.1", ((InetSocketAddress) listen.localAddress()).getPort(), NetProtocol.TCP);
        return net;
    }

    private static TlsContext client(NetContext net, SSLContext trust, String hostname) {
        TlsContext tls = new TlsContext(TlsConfig.client(trust));
        tls.setBio(TlsBio.of(net));
        tls.setHostname(hostname);
        return tls;
    }
}
