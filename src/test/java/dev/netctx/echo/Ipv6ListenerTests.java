package dev.netctx.echo;

import java.io.IOException;

import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Listeners bound to the IPv6 loopback, and how the registry shows IPv6 addresses. */
@SpringBootTest(properties = { "netctx.listeners.tcp.bind-address=::1", "netctx.listeners.tcp.port=0",
        "netctx.listeners.udp.bind-address=::1", "netctx.listeners.udp.port=0" })
class Ipv6ListenerTests {

    /** {@code ::1} as {@link dev.netctx.net.NetContext#format} writes it. */
    private static final String LOOPBACK = "[0:0:0:0:0:0:0:1]";

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

    private ContextInfo sessionOf(int peerPort) {
        return Peers.session(this.registry, peerPort).orElseThrow();
    }
}
