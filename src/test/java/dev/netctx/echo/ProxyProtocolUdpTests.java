package dev.netctx.echo;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.DropReason;
import dev.netctx.context.ListenerStats;
import dev.netctx.proxy.ProxyHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.netctx.proxy.ProxyHeaders.ascii;
import static dev.netctx.proxy.ProxyHeaders.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A UDP listener with {@code proxy-protocol: required}: each datagram of a trusted proxy carries a
 * v2 header, which is taken off; the reply is the payload alone, to the proxy; the client of the
 * latest header is listed as the remote. A datagram without a valid header, or from an untrusted
 * source, is dropped and counted.
 */
@ProxyProtocolTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyProtocolUdpTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final byte[] PAYLOAD = ascii("a datagram through a proxy");

    private static final InetSocketAddress SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4442);

    @Autowired
    private ContextRegistry registry;

    @Autowired
    private RestTestClient http;

    @Test
    void echoesOnlyThePayloadAfterEachDatagramsHeaderAndListsTheLatestClient() throws IOException {
        InetSocketAddress first = new InetSocketAddress(InetAddress.getByName("203.0.113.50"), 5353);
        InetSocketAddress second = new InetSocketAddress(InetAddress.getByName("203.0.113.51"), 5354);
        try (Peers.Udp proxy = Peers.udp(Peers.address(this.registry, "udp"))) {
            assertThat(proxy.echo(concat(ProxyHeaders.v2(first, SERVER, false), PAYLOAD))).isEqualTo(PAYLOAD);
            String peer = "127.0.0.1:" + proxy.localPort();
            ProxiedSessions sessions = new ProxiedSessions(this.http);
            assertThat(sessions.awaitRemote(peer, "203.0.113.50:5353").proxy()).isEqualTo(peer);
            assertThat(proxy.echo(concat(ProxyHeaders.v2(second, SERVER, false), PAYLOAD))).isEqualTo(PAYLOAD);
            assertThat(sessions.awaitRemote(peer, "203.0.113.51:5354").proxy()).isEqualTo(peer);
            assertThat(proxy.echo(concat(ProxyHeaders.v2Local(), PAYLOAD))).as("a health check of the proxy's own")
                .isEqualTo(PAYLOAD);
        }
    }

    @Test
    void aDatagramWithoutAValidHeaderIsDroppedAndCountedAndTheSessionGoesOn() throws IOException {
        ListenerStats stats = this.registry.listener("udp").orElseThrow();
        InetSocketAddress client = new InetSocketAddress(InetAddress.getByName("203.0.113.52"), 5000);
        byte[] valid = ProxyHeaders.v2(client, SERVER, false);
        byte[][] invalid = { PAYLOAD, ProxyHeaders.v1(client, SERVER), Arrays.copyOf(valid, valid.length - 1),
                ProxyHeaders.v2(client, SERVER, true), ProxyHeaders.v2(0x22, 0x12, new byte[12]) };
        try (Peers.Udp proxy = Peers.udp(Peers.address(this.registry, "udp"))) {
            for (byte[] datagram : invalid) {
                long before = stats.dropped(DropReason.PROXY_HEADER);
                proxy.send(datagram);
                await().atMost(WAIT).until(() -> stats.dropped(DropReason.PROXY_HEADER) == before + 1);
            }
            // an echo of any of them would have come first
            assertThat(proxy.echo(concat(valid, PAYLOAD))).isEqualTo(PAYLOAD);
        }
        assertThat(stats.info().dropped()).containsKey("proxy-header");
    }

    @Test
    void datagramsOfAnUntrustedSourceAreDroppedAndCountedWithoutASession() throws IOException {
        ListenerStats stats = this.registry.listener("udp").orElseThrow();
        long before = stats.dropped(DropReason.UNTRUSTED_PROXY);
        InetSocketAddress listener = Peers.address(this.registry, "udp");
        try (DatagramSocket untrusted = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))) {
            byte[] datagram = concat(ProxyHeaders.v2(new InetSocketAddress(InetAddress.getByName("192.0.2.9"), 9), SERVER,
                    false), PAYLOAD);
            untrusted.send(new DatagramPacket(datagram, datagram.length, listener));
        }
        await().atMost(WAIT).until(() -> stats.dropped(DropReason.UNTRUSTED_PROXY) == before + 1);
        // only a session answers, and none was created for it
        assertThat(this.registry.contexts()).extracting(ContextInfo::remote).noneMatch((remote) -> remote != null
                && remote.startsWith("127.0.0.2:"));
    }
}
