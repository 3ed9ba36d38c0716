package dev.netctx.echo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ListenerInfo;
import dev.netctx.context.ListenerStats;
import dev.netctx.context.RefusalReason;
import dev.netctx.proxy.ProxyHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.netctx.proxy.ProxyHeaders.ascii;
import static dev.netctx.proxy.ProxyHeaders.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * TCP listeners with {@code proxy-protocol: required} and {@code optional}, against headers written
 * by hand: the header is consumed and never echoed, what follows it is echoed byte for byte, the
 * announced client is listed as the remote and the connection's peer as the proxy, and every bad
 * header is refused, counted by its reason.
 */
@ProxyProtocolTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyProtocolTcpTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final byte[] PAYLOAD = ascii("hello, through a proxy\n");

    private static final InetSocketAddress SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4442);

    private static final InetSocketAddress SERVER6 = new InetSocketAddress("::1", 4442);

    @Autowired
    private ContextRegistry registry;

    @Autowired
    private RestTestClient http;

    private ProxiedSessions sessions;

    @BeforeEach
    void sessions() {
        this.sessions = new ProxiedSessions(this.http);
    }

    @Test
    void theListenersShowTheirProxyProtocol() {
        ListenerInfo[] listed = this.http.get().uri("/api/listeners").exchange().expectStatus().isOk()
            .expectBody(ListenerInfo[].class).returnResult().getResponseBody();
        assertThat(listed).extracting(ListenerInfo::name, ListenerInfo::proxyProtocol)
            .contains(tuple("tcp", "required"), tuple("udp", "required"), tuple("optional", "optional"));
    }

    @Test
    void echoesOnlyThePayloadAfterAV1HeaderInTheSameSegmentAndListsTheAnnouncedClient() throws IOException {
        InetSocketAddress client = client("203.0.113.7", 51000);
        try (Peers.Tcp proxy = Peers.tcp(listener("tcp"))) {
            assertThat(through(proxy, ProxyHeaders.v1(client, SERVER))).isEqualTo(PAYLOAD);
            assertThat(proxy.echo(ascii("and more\n"))).isEqualTo(ascii("and more\n"));
            ContextInfo session = this.sessions.awaitRemote(peer(proxy), "203.0.113.7:51000");
            assertThat(session.proxy()).isEqualTo(peer(proxy));
            assertThat(this.registry.find(session.id()).orElseThrow().remote()).isEqualTo("203.0.113.7:51000");
        }
    }

    @Test
    void echoesOnlyThePayloadAfterAV2Ipv6HeaderSplitAcrossReads() throws IOException {
        InetSocketAddress client = client("2001:db8::7", 51001);
        byte[] header = ProxyHeaders.v2(client, SERVER6, true, ProxyHeaders.tlv(0x02, ascii("echo.example")));
        try (Peers.Tcp proxy = Peers.tcp(listener("tcp"))) {
            OutputStream out = proxy.socket().getOutputStream();
            int[] splits = { 5, 13, 20, header.length };
            int from = 0;
            for (int split : splits) {
                out.write(Arrays.copyOfRange(header, from, split));
                int sent = split;
                // the service read it (it counts every byte received) before the next piece goes
                await().atMost(WAIT).until(() -> received(peer(proxy)) == sent);
                from = split;
            }
            assertThat(proxy.echo(PAYLOAD)).isEqualTo(PAYLOAD);
            assertThat(this.sessions.awaitRemote(peer(proxy), "[2001:db8::7]:51001").proxy()).isEqualTo(peer(proxy));
        }
    }

    @Test
    void aV2LocalHeaderIsTheProxysOwnConnection() throws IOException {
        try (Peers.Tcp proxy = Peers.tcp(listener("tcp"))) {
            assertThat(through(proxy, ProxyHeaders.v2Local())).isEqualTo(PAYLOAD);
            ContextInfo session = this.sessions.awaitRemote(peer(proxy), peer(proxy));
            assertThat(session.proxy()).isNull();
        }
    }

    @Test
    void aConnectionWithoutAHeaderIsRefusedAndCounted() throws IOException {
        assertRefused(listener("tcp"), PAYLOAD, RefusalReason.PROXY_HEADER);
    }

    @Test
    void malformedOversizedAndWronglySignedHeadersAreRefusedAndCounted() throws IOException {
        byte[] oversized = Arrays.copyOf(ProxyHeaders.v2(0x21, 0x11, new byte[5000]), 16);
        byte[] wrongVersion = ProxyHeaders.v2(0x11, 0x11, new byte[12]);
        byte[] wrongSignature = ProxyHeaders.v2(0x21, 0x11, new byte[12]);
        wrongSignature[11] = 'X';
        for (byte[] bad : new byte[][] { ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n"), ascii("PROXY TCP4 01.2.3.4 5.6.7.8 1 2\r\n"),
                oversized, wrongVersion, wrongSignature, new byte[] { 0, 1, 2, 3 } }) {
            assertRefused(listener("tcp"), bad, RefusalReason.PROXY_HEADER);
        }
    }

    @Test
    void aTruncatedHeaderIsRefusedAtTheEndOfTheStreamOrTheHeaderTimeout() throws IOException {
        byte[] half = Arrays.copyOf(ProxyHeaders.v1(client("203.0.113.8", 1), SERVER), 20);
        ListenerStats stats = stats("tcp");
        long truncated = stats.refused(RefusalReason.PROXY_HEADER);
        try (Peers.Tcp proxy = Peers.tcp(listener("tcp"))) {
            proxy.socket().getOutputStream().write(half);
            proxy.socket().shutdownOutput();
            assertThat(proxy.closedByServer()).isTrue();
        }
        await().atMost(WAIT).until(() -> stats.refused(RefusalReason.PROXY_HEADER) == truncated + 1);
        // a slow proxy does not hold its slot: a header must be whole within 1 s
        long timedOut = stats.refused(RefusalReason.PROXY_HEADER_TIMEOUT);
        for (byte[] start : new byte[][] { half, new byte[0] }) {
            try (Peers.Tcp proxy = Peers.tcp(listener("tcp"))) {
                proxy.socket().getOutputStream().write(start);
                assertThat(proxy.closedByServer()).isTrue();
            }
        }
        await().atMost(WAIT).until(() -> stats.refused(RefusalReason.PROXY_HEADER_TIMEOUT) == timedOut + 2);
    }

    @Test
    void aSourceOutsideTheTrustedProxiesIsRefusedAtOnce() throws IOException {
        ListenerStats stats = stats("tcp");
        long before = stats.refused(RefusalReason.UNTRUSTED_PROXY);
        try (Peers.Tcp untrusted = Peers.tcpFrom(InetAddress.getByName("127.0.0.2"), listener("tcp"))) {
            assertThat(untrusted.closedByServer()).isTrue();
        }
        assertThat(stats.refused(RefusalReason.UNTRUSTED_PROXY)).isEqualTo(before + 1);
        assertThat(stats.info().refused()).containsKey("untrusted-proxy");
    }

    @Test
    void maxConnectionsPerSourceCountsTheAnnouncedClientsNotTheirProxy() throws IOException {
        byte[] first = ProxyHeaders.v1(client("198.51.100.20", 40000), SERVER);
        byte[] sameClient = ProxyHeaders.v1(client("198.51.100.20", 40001), SERVER);
        byte[] otherClient = ProxyHeaders.v1(client("198.51.100.21", 40000), SERVER);
        try (Peers.Tcp one = Peers.tcp(listener("tcp")); Peers.Tcp two = Peers.tcp(listener("tcp"))) {
            assertThat(through(one, first)).isEqualTo(PAYLOAD);
            long before = stats("tcp").refused(RefusalReason.MAX_CONNECTIONS_PER_SOURCE);
            two.socket().getOutputStream().write(concat(sameClient, PAYLOAD));
            assertThat(two.closedByServer()).isTrue();
            assertThat(stats("tcp").refused(RefusalReason.MAX_CONNECTIONS_PER_SOURCE)).isEqualTo(before + 1);
            try (Peers.Tcp three = Peers.tcp(listener("tcp"))) {
                assertThat(through(three, otherClient)).as("another client through the same proxy").isEqualTo(PAYLOAD);
            }
        }
    }

    @Test
    void anOptionalListenerTakesAHeaderFromATrustedProxyAndPlainConnectionsAsTheyAre() throws IOException {
        try (Peers.Tcp proxy = Peers.tcp(listener("optional")); Peers.Tcp plain = Peers.tcp(listener("optional"))) {
            assertThat(through(proxy, ProxyHeaders.v1(client("203.0.113.9", 9), SERVER))).isEqualTo(PAYLOAD);
            assertThat(this.sessions.awaitRemote(peer(proxy), "203.0.113.9:9").proxy()).isEqualTo(peer(proxy));
            // "PRO" could start a header: held, then echoed once "FILE" shows it does not
            plain.socket().getOutputStream().write(ascii("PRO"));
            await().atMost(WAIT).until(() -> received(peer(plain)) == 3);
            plain.socket().getOutputStream().write(ascii("FILE\n"));
            assertThat(plain.socket().getInputStream().readNBytes(8)).isEqualTo(ascii("PROFILE\n"));
            assertThat(this.sessions.find(peer(plain)).proxy()).isNull();
        }
    }

    @Test
    void anOptionalListenerRefusesAHeaderFromAnUntrustedSource() throws IOException {
        ListenerStats stats = stats("optional");
        long before = stats.refused(RefusalReason.UNTRUSTED_PROXY);
        InetAddress untrusted = InetAddress.getByName("127.0.0.2");
        try (Peers.Tcp plain = Peers.tcpFrom(untrusted, listener("optional"));
                Peers.Tcp spoofing = Peers.tcpFrom(untrusted, listener("optional"))) {
            assertThat(plain.echo(PAYLOAD)).isEqualTo(PAYLOAD);
            spoofing.socket().getOutputStream().write(concat(ProxyHeaders.v1(client("192.0.2.1", 1), SERVER), PAYLOAD));
            assertThat(spoofing.closedByServer()).isTrue();
        }
        assertThat(stats.refused(RefusalReason.UNTRUSTED_PROXY)).isEqualTo(before + 1);
    }

    /** Sends {@code header} and {@link #PAYLOAD} in one write and returns as many bytes as the payload has from the echo. */
    private static byte[] through(Peers.Tcp proxy, byte[] header) throws IOException {
        proxy.socket().getOutputStream().write(concat(header, PAYLOAD));
        return proxy.socket().getInputStream().readNBytes(PAYLOAD.length);
    }

    private void assertRefused(InetSocketAddress listener, byte[] bytes, RefusalReason reason) throws IOException {
        ListenerStats stats = this.registry.listener("tcp").orElseThrow();
        long before = stats.refused(reason);
        try (Peers.Tcp proxy = Peers.tcp(listener)) {
            proxy.socket().getOutputStream().write(bytes);
            assertThat(proxy.closedByServer()).as("closed after %s", Arrays.toString(bytes)).isTrue();
        }
        await().atMost(WAIT).until(() -> stats.refused(reason) == before + 1);
    }

    /** The bytes the service received from the connection of {@code peer}, as the registry counts them. */
    private long received(String peer) {
        return this.registry.contexts().stream().filter((info) -> peer.equals(info.remote()) || peer.equals(info.proxy()))
            .mapToLong(ContextInfo::bytesReceived).findFirst().orElse(-1);
    }

    private ListenerStats stats(String listener) {
        return this.registry.listener(listener).orElseThrow();
    }

    private InetSocketAddress listener(String name) {
        return Peers.address(this.registry, name);
    }

    private static String peer(Peers.Tcp connection) {
        return "127.0.0.1:" + connection.localPort();
    }

    private static InetSocketAddress client(String literal, int port) throws IOException {
        return new InetSocketAddress(InetAddress.getByName(literal), port);
    }
}
