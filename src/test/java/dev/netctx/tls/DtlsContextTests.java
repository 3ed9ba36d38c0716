package dev.netctx.tls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.netctx.net.NetContext;
import dev.netctx.net.NetError;
import dev.netctx.net.NetProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class DtlsContextTests {

    private static final DtlsSettings FAST = new DtlsSettings(1200, Duration.ofMillis(100), Duration.ofSeconds(2),
            Duration.ofSeconds(10));

    @Test
    void aJdkClientAndServerShakeHandsAndEchoOverLoopback() throws Exception {
        try (NetContext listener = new NetContext()) {
            listener.bind("127.0.0.1", 0, NetProtocol.UDP);
            int port = ((java.net.InetSocketAddress) listener.localAddress()).getPort();
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> serveOne(listener));
            try (NetContext net = new NetContext()) {
                net.connect("127.0.0.1", port, NetProtocol.UDP);
                DtlsContext client = new DtlsContext(TlsConfig.client(DtlsCertificates.trustingClient()).readTimeout(5000),
                        FAST, new DtlsBuffers());
                client.setBio(TlsBio.of(net));
                client.setHostname("localhost", port);
                assertThat(client.handshake()).isZero();
                assertThat(client.session().protocol()).isEqualTo("DTLSv1.2");
                client.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer echoed = ByteBuffer.allocate(100);
                assertThat(client.read(echoed)).isEqualTo(5);
                assertThat(new String(echoed.array(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("hello");
                client.closeNotify();
            }
            assertThat(served.get(30, TimeUnit.SECONDS)).isEqualTo("closed");
        }
    }

    private static String serveOne(NetContext listener) {
        try (NetContext peer = listener.accept()) {
            DtlsContext server = new DtlsContext(TlsConfig.server(DtlsCertificates.server()), FAST, new DtlsBuffers());
            server.setBio(TlsBio.of(peer));
            assertThat(server.handshake()).isZero();
            ByteBuffer buf = ByteBuffer.allocate(20_000);
            while (true) {
                int n = server.read(buf.clear());
                if (n == TlsError.PEER_CLOSE_NOTIFY.code()) {
                    return "closed";
                }
                if (n < 0) {
                    return NetError.fromCode(n) + "";
                }
                server.write(buf.flip());
            }
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
