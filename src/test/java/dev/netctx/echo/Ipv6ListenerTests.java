package dev.netctx.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Listeners on the IPv6 loopback and on the wildcard of both stacks, and how the registry shows IPv6 addresses. */
@SpringBootTest(properties = { "netctx.listeners.tcp.bind-address=::1", "netctx.listeners.tcp.port=0",
        "netctx.listeners.udp.bind-address=::1", "netctx.listeners.udp.port=0",
        "netctx.listeners.both.protocol=tcp", "netctx.listeners.both.bind-address=::", "netctx.listeners.both.port=0" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Ipv6ListenerTests {

    /** {@code ::1} as {@link dev.netctx.net.NetContext#format} writes it. */
    private static final String LOOPBACK = "[::1]";

    @Autowired
    private ContextRegistry registry;

    @Test
    void echoesOverTcpOnIpv6() throws IOException {
        int port = this.registry.listener("tcp").orElseThrow().port();
        assertThat(this.registry.listener("tcp").orElseThrow().info().local()).isEqualTo(LOOPBACK + ":" + port);
        try (Peers.Tcp client = Peers.tcp(Peers.address(this.registry, "tcp"))) {
            byte[] bytes = { 0, 1, 0, 2 };
            assertThat(client.echo(bytes)).isEqualTo(bytes);
            assertThat(sessionOf(client.localPort()).remote()).isEqualTo(LOOPBACK + ":" + client.localPort());
        }
    }

    @Test
    void echoesOverUdpOnIpv6() throws IOException {
        try (Peers.Udp peer = Peers.udp(Peers.address(this.registry, "udp"))) {
            byte[] datagram = { 9, 0, 9 };
            assertThat(peer.echo(datagram)).isEqualTo(datagram);
            assertThat(sessionOf(peer.localPort()).remote()).isEqualTo(LOOPBACK + ":" + peer.localPort());
        }
    }

    @Test
    void aListenerOnTheWildcardServesBothStacks() throws IOException {
        int port = this.registry.listener("both").orElseThrow().port();
        for (String loopback : new String[] { "127.0.0.1", "::1" }) {
            try (Peers.Tcp client = Peers.tcp(new InetSocketAddress(loopback, port))) {
                byte[] bytes = loopback.getBytes();
                assertThat(client.echo(bytes)).isEqualTo(bytes);
                assertThat(sessionOf(client.localPort()).listener()).isEqualTo("both");
            }
        }
    }

    private ContextInfo sessionOf(int peerPort) {
        return Peers.session(this.registry, peerPort).orElseThrow();
    }
}
