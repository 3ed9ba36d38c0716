package dev.netctx.echo;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.CutReason;
import dev.netctx.context.ListenerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A full UDP session table cannot be held by one-datagram sources: 4 times {@code max-connections}
 * peers that send one datagram each leave room for a new peer, and a peer that has talked more keeps
 * its session throughout.
 */
@SpringBootTest(properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0",
        "netctx.listeners.udp.max-connections=50" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UdpEvictionTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private ContextRegistry registry;

    @Test
    void oneDatagramSourcesMakeRoomForNewPeersAndDisplaceOnlyThemselves() throws Exception {
        ListenerStats stats = this.registry.listener("udp").orElseThrow();
        InetSocketAddress server = Peers.address(this.registry, "udp");
        long evictedBefore = stats.cut(CutReason.EVICTED);
        try (Peers.Udp regular = Peers.udp(server)) {
            assertThat(regular.echo(new byte[] { 1 })).containsExactly(1);
            assertThat(regular.echo(new byte[] { 2 })).containsExactly(2);
            long regularSession = Peers.session(this.registry, regular.localPort()).map(ContextInfo::id).orElseThrow();
            List<Peers.Udp> flood = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    Peers.Udp source = Peers.udp(server);
                    flood.add(source);
                    source.send(new byte[] { 3 });
                }
                await("the flood fills the table").atMost(WAIT)
                    .until(() -> stats.accepted() >= 201 && stats.openSessions() == 50);
                assertThat(stats.cut(CutReason.EVICTED) - evictedBefore).isGreaterThanOrEqualTo(150);
                try (Peers.Udp newcomer = Peers.udp(server)) {
                    assertThat(newcomer.echo(new byte[] { 4 })).as("a new peer after the flood").containsExactly(4);
                }
                assertThat(regular.echo(new byte[] { 5 })).containsExactly(5);
                assertThat(Peers.session(this.registry, regular.localPort()).map(ContextInfo::id))
                    .as("the peer that talked more kept its session").contains(regularSession);
                assertThat(stats.info().cut()).containsKey("evicted");
            }
            finally {
                flood.forEach(Peers.Udp::close);
            }
        }
    }
}
