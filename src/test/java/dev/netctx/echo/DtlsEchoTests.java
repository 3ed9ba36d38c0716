package dev.netctx.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.CutReason;
import dev.netctx.context.DropReason;
import dev.netctx.context.HandshakeResult;
import dev.netctx.context.ListenerSettings;
import dev.netctx.context.ListenerStats;
import dev.netctx.testing.DtlsListenerTest;
import dev.netctx.testing.DtlsRecords;
import dev.netctx.testing.LossyRelay;
import dev.netctx.tls.DtlsHelloVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code udp} listener with {@code ssl.bundle} serves DTLS 1.2 echo: to the project's JDK client,
 * through a lossy relay and through scripted losses, across a client restart on the same port, and not to garbage, which gets no
 * answer and no session.
 */
@DtlsListenerTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DtlsEchoTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    private ContextRegistry registry;

    private InetSocketAddress server() {
        return Peers.address(this.registry, "udp");
    }

    private ListenerStats stats() {
        return this.registry.listener("udp").orElseThrow();
    }

    @Test
    void aClientShakesHandsAndGetsItsEchoAndTheSessionShowsItsProtocolAndCipher() throws IOException {
        long handshakes = stats().handshakes(HandshakeResult.OK);
        try (DtlsPeer peer = DtlsPeer.connect(server())) {
            peer.handshake();
            for (String message : new String[] { "hello", "x".repeat(1000), "world" }) {
                byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
                assertThat(peer.echo(bytes)).isEqualTo(bytes);
            }
            ContextInfo session = Peers.session(this.registry, peer.localPort()).orElseThrow();
            assertThat(session.tls()).isNotNull();
            assertThat(session.tls().protocol()).isEqualTo("DTLSv1.2");
            assertThat(session.tls().cipherSuite()).startsWith("TLS_");
            assertThat(session.tls().sni()).isEqualTo("localhost");
            assertThat(stats().handshakes(HandshakeResult.OK)).isEqualTo(handshakes + 1);
        }
        ListenerSettings.Tls listed = stats().info().tls();
        assertThat(listed).as("the listener's DTLS in /api/listeners").isNotNull();
        assertThat(listed.protocols()).containsExactly("DTLSv1.2");
    }

    @Test
    void plainAndGarbageDatagramsGetNoAnswerAndNoSessionAndAClientHelloOnlyASmallerRequest() throws IOException {
        long notDtls = stats().dropped(DropReason.NOT_DTLS);
        try (DatagramChannel peer = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)).connect(server())) {
            peer.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)));
            peer.write(ByteBuffer.wrap(new byte[] { 22, (byte) 254, (byte) 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 1, 2, 3 }));
            peer.write(ByteBuffer.allocate(1200));
            await().atMost(WAIT).until(() -> stats().dropped(DropReason.NOT_DTLS) == notDtls + 3);
            int port = ((InetSocketAddress) peer.getLocalAddress()).getPort();
            assertThat(Peers.session(this.registry, port)).isEmpty();
            // the listener serves its datagrams in order: the first answer this socket gets is the one to the ClientHello
            byte[] hello = clientHello();
            peer.write(ByteBuffer.wrap(hello));
            peer.socket().setSoTimeout(Peers.READ_TIMEOUT_MILLIS);
            java.net.DatagramPacket answer = new java.net.DatagramPacket(new byte[2048], 2048);
            peer.socket().receive(answer);
            assertThat(answer.getLength()).isEqualTo(DtlsHelloVerifier.MAX_REQUEST_SIZE).isLessThan(hello.length);
            assertThat(answer.getData()[13]).as("hello_verify_request").isEqualTo((byte) 3);
            assertThat(Peers.session(this.registry, port)).as("no state before the cookie").isEmpty();
        }
    }

    @Test
    void aClientThatRestartsOnTheSameAddressAndPortGetsANewSessionInTheSameContext() throws IOException {
        DtlsPeer first = DtlsPeer.connect(server());
        first.handshake();
        assertThat(first.echo(new byte[] { 1 })).containsExactly(1);
        int port = first.localPort();
        ContextInfo before = Peers.session(this.registry, port).orElseThrow();
        first.abandon();
        try (DtlsPeer second = DtlsPeer.from(new InetSocketAddress("127.0.0.1", port), server())) {
            second.handshake();
            assertThat(second.echo(new byte[] { 2 })).containsExactly(2);
            ContextInfo after = Peers.session(this.registry, port).orElseThrow();
            assertThat(after.id()).isEqualTo(before.id());
            assertThat(after.tls().handshakeMillis()).isNotNull();
        }
    }

    @Test
    void theJdkClientsHandshakesAndEchoesCompleteThroughARelayThatDropsOneDatagramInFour() throws IOException {
        long dropped = 0;
        for (int client = 0; client < 3; client++) {
            long seed = 14 + client;
            // a relay each: one relay's socket would be one peer of the server for all three clients
            try (LossyRelay relay = new LossyRelay(server(), seed, 0.25, 0, 0)) {
                handshakeAndEchoThrough(relay, "seed " + seed, 10);
                dropped += relay.dropped();
            }
        }
        assertThat(dropped).isPositive();
    }

    /**
     * JDK-8367059: the JDK's client fails the handshake ("The Finished message cannot be verified")
     * when the server's ChangeCipherSpec and Finished reach it without the whole NewSessionTicket
     * before them. The server packs the three into one datagram, and the engine sends that last
     * flight twice; losing the first copy, or both (the client then retransmits its flight and the
     * server answers with its last flight again), costs time only.
     */
    @ParameterizedTest(name = "{0} lost")
    @ValueSource(ints = { 1, 2 })
    void theJdkClientGetsThroughWhenTheServersDatagramsWithTheNewSessionTicketAreLost(int lost) throws IOException {
        long handshakes = stats().handshakes(HandshakeResult.OK);
        try (LossyRelay relay = new LossyRelay(server(),
                LossyRelay.dropToClient(lost, DtlsRecords.carrying(DtlsRecords.NEW_SESSION_TICKET)))) {
            handshakeAndEchoThrough(relay, "the first " + lost + " datagrams with a NewSessionTicket lost", 1);
            assertThat(relay.dropped()).isEqualTo(lost);
        }
        assertThat(stats().handshakes(HandshakeResult.OK)).isEqualTo(handshakes + 1);
    }

    /** A JDK client's handshake and {@code messages} echoes through {@code relay}; a failure shows the relay's datagrams. */
    private void handshakeAndEchoThrough(LossyRelay relay, String impairment, int messages) throws IOException {
        try (DtlsPeer peer = DtlsPeer.from(new InetSocketAddress("127.0.0.1", 0), relay.address(), 500)) {
            peer.handshake();
            for (int i = 0; i < messages; i++) {
                byte[] message = ("message " + i).getBytes(StandardCharsets.US_ASCII);
                assertThat(peer.echoWithRetries(message, 20)).isEqualTo(message);
            }
        }
        catch (IOException | AssertionError ex) {
            throw new AssertionError("through a relay with " + impairment + ": " + ex.getMessage() + "\nits datagrams:\n"
                    + String.join("\n", relay.trace()), ex);
        }
    }

    @Test
    void aClientThatGoesSilentInTheHandshakeIsCutAtTheHandshakeTimeout() throws Exception {
        long cut = stats().cut(CutReason.HANDSHAKE_TIMEOUT);
        try (DtlsPeer peer = DtlsPeer.connect(server())) {
            peer.goSilentAfter(2); // the ClientHello, and again with the listener's cookie
            CompletableFuture<Void> handshake = CompletableFuture.runAsync(() -> {
                try {
                    peer.handshake();
                }
                catch (IOException ex) {
                    // expected: the client gives up too
                }
            });
            await().atMost(WAIT).until(() -> stats().cut(CutReason.HANDSHAKE_TIMEOUT) == cut + 1);
            assertThat(Peers.session(this.registry, peer.localPort())).isEmpty();
            handshake.get(30, TimeUnit.SECONDS);
        }
    }

    /** A first ClientHello of the JDK's DTLS client. */
    private static byte[] clientHello() throws IOException {
        javax.net.ssl.SSLEngine engine = dev.netctx.tls.TlsConfig.client(dev.netctx.tls.DtlsCertificates.trustingClient())
            .createEngine("localhost", 4442);
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(65_536);
        engine.wrap(ByteBuffer.allocate(0), out);
        byte[] hello = new byte[out.flip().remaining()];
        out.get(hello);
        return hello;
    }
}
