package dev.netctx.tls;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.netctx.net.NetError;
import dev.netctx.testing.DtlsRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server's handshake behind the stateless HelloVerifyRequest, datagrams passed in memory: the
 * JDK's client, this server's cookie, then the engine's own, then the handshake and an echo; and
 * how the server packs its flights into datagrams.
 */
@Timeout(30)
class DtlsVerifiedHandshakeTests {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40_000);

    private static final DtlsSettings SETTINGS = new DtlsSettings(1400, Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(20));

    @Test
    void aJdkClientCompletesTheHandshakeThroughBothHelloVerifyRequests() throws Exception {
        Pipe toServer = new Pipe();
        Pipe toClient = new Pipe();
        DtlsContext client = new DtlsContext(TlsConfig.client(DtlsCertificates.trustingClient()), SETTINGS, new DtlsBuffers());
        client.setBio(new Bio(toServer, toClient));
        client.setHostname("localhost", 4442);
        DtlsHelloVerifier verifier = new DtlsHelloVerifier(new DtlsCookies(new SecureRandom(), Duration.ofSeconds(60)));
        ByteBuffer request = ByteBuffer.allocate(DtlsHelloVerifier.MAX_REQUEST_SIZE);
        DtlsContext server = null;
        Bio serverBio = new Bio(toClient, toServer);
        int requests = 0;
        for (int step = 0; step < 50 && !(client.isHandshakeOver() && server != null && server.isHandshakeOver()); step++) {
            client.handshake();
            ByteBuffer datagram;
            while ((datagram = toServer.peek()) != null) {
                if (server == null) {
                    toServer.take();
                    DtlsHelloVerifier.Verdict verdict = verifier.verify(CLIENT, datagram, request);
                    if (verdict == DtlsHelloVerifier.Verdict.HELLO_VERIFY_REQUIRED) {
                        requests++;
                        toClient.put(request);
                        continue;
                    }
                    assertThat(verdict).isEqualTo(DtlsHelloVerifier.Verdict.VERIFIED);
                    server = new DtlsContext(TlsConfig.server(DtlsCertificates.server()), SETTINGS, new DtlsBuffers());
                    server.setBio(serverBio);
                    server.startFromVerifiedHello(DtlsClientHello.parse(datagram));
                    toServer.pushBack(datagram);
                }
                server.handshake();
            }
        }
        assertThat(requests).isEqualTo(1);
        assertThat(client.isHandshakeOver()).isTrue();
        assertThat(server.isHandshakeOver()).isTrue();
        assertThat(server.session().protocol()).isEqualTo("DTLSv1.2");
        client.write(ByteBuffer.wrap(new byte[] { 1, 2, 3 }));
        ByteBuffer plain = ByteBuffer.allocate(20_000);
        assertThat(server.read(plain)).isEqualTo(3);
        List<String> serverDatagrams = toClient.sent.stream().map(DtlsRecords::describe).toList();
        assertThat(serverDatagrams).as("the ServerHello flight in one datagram").anySatisfy(datagram -> assertThat(datagram)
            .contains("ServerHello m", "Certificate m", "ServerKeyExchange m", "ServerHelloDone m"));
        // JDK-8367059: a JDK client that gets the ChangeCipherSpec and Finished without the whole
        // NewSessionTicket fails the handshake; the engine sends its last flight twice
        List<String> lastFlight = serverDatagrams.stream().filter(datagram -> datagram.contains("NewSessionTicket")).toList();
        assertThat(lastFlight).as(String.join("\n", serverDatagrams)).hasSize(2).allSatisfy(datagram -> assertThat(datagram)
            .startsWith("hs e0 ").contains(" | CCS e0 ").containsPattern("\\| hs e1 s\\d+ len\\d+$"));
        assertThat(toClient.sent).allSatisfy(datagram -> assertThat(datagram.length).isLessThanOrEqualTo(SETTINGS.mtu()));
    }

    /** Datagrams one way. */
    private static final class Pipe {

        private final Deque<ByteBuffer> datagrams = new ArrayDeque<>();

        /** Every datagram put in, in order. */
        private final List<byte[]> sent = new ArrayList<>();

        void put(ByteBuffer datagram) {
            byte[] copy = new byte[datagram.remaining()];
            datagram.get(copy);
            this.sent.add(copy);
            this.datagrams.add(ByteBuffer.wrap(copy));
        }

        void pushBack(ByteBuffer datagram) {
            this.datagrams.addFirst(datagram);
        }

        ByteBuffer peek() {
            return this.datagrams.peek();
        }

        ByteBuffer take() {
            return this.datagrams.poll();
        }
    }

    private record Bio(Pipe out, Pipe in) implements TlsBio {

        @Override
        public int send(ByteBuffer buf) {
            int n = buf.remaining();
            this.out.put(buf);
            return n;
        }

        @Override
        public int recv(ByteBuffer buf) {
            ByteBuffer datagram = this.in.take();
            if (datagram == null) {
                return NetError.WANT_READ.code();
            }
            int n = datagram.remaining();
            buf.put(datagram);
            return n;
        }

        @Override
        public int recvTimeout(ByteBuffer buf, long timeoutMillis) {
            return recv(buf); // non-blocking: nothing there is WANT_READ
        }
    }
}
