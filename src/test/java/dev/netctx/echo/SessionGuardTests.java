package dev.netctx.echo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextRegistry;
import dev.netctx.context.CutReason;
import dev.netctx.context.ListenerStats;
import dev.netctx.context.RefusalReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What no single party can exhaust: the TCP slots ({@code max-connections-per-source}, loopback not
 * trusted here, so 127.0.0.2 and 127.0.0.3 are two untrusted sources) and the memory held for
 * peers that do not read their echo ({@code netctx.max-unsent}).
 */
@SpringBootTest(properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.tcp.max-connections=100",
        "netctx.listeners.tcp.max-connections-per-source=4", "netctx.listeners.udp.port=0",
        "netctx.listeners.udp.max-connections-per-source=2", "netctx.trusted-networks=10.0.0.0/8",
        "netctx.max-unsent=256KB" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionGuardTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private ContextRegistry registry;

    @Test
    void oneSourceCannotTakeMoreThanItsShareOfTheTcpSlots() throws Exception {
        ListenerStats stats = this.registry.listener("tcp").orElseThrow();
        InetSocketAddress server = Peers.address(this.registry, "tcp");
        InetAddress greedy = InetAddress.getByName("127.0.0.2");
        long refusedBefore = stats.refused(RefusalReason.MAX_CONNECTIONS_PER_SOURCE);
        List<Peers.Tcp> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Peers.Tcp peer = Peers.tcpFrom(greedy, server);
                held.add(peer);
                assertThat(peer.echo(new byte[] { (byte) i })).containsExactly(i);
            }
            try (Peers.Tcp fifth = Peers.tcpFrom(greedy, server)) {
                assertThat(fifth.closedByServer()).as("a fifth connection of one source").isTrue();
            }
            assertThat(stats.refused(RefusalReason.MAX_CONNECTIONS_PER_SOURCE)).isEqualTo(refusedBefore + 1);
            assertThat(stats.info().refused()).containsEntry("max-connections-per-source", refusedBefore + 1);
            try (Peers.Tcp other = Peers.tcpFrom(InetAddress.getByName("127.0.0.3"), server)) {
                assertThat(other.echo(new byte[] { 9 })).as("another source still gets in").containsExactly(9);
            }
            held.remove(0).close();
            await("the closed session gives its slot back").atMost(WAIT).untilAsserted(() -> {
                try (Peers.Tcp again = Peers.tcpFrom(greedy, server)) {
                    assertThat(again.echo(new byte[] { 7 })).containsExactly(7);
                }
            });
        }
        finally {
            for (Peers.Tcp peer : held) {
                peer.close();
            }
        }
    }

    @Test
    void oneSourceCannotTakeMoreThanItsShareOfTheUdpSessions() throws Exception {
        ListenerStats stats = this.registry.listener("udp").orElseThrow();
        InetSocketAddress server = Peers.address(this.registry, "udp");
        long refusedBefore = stats.refused(RefusalReason.MAX_CONNECTIONS_PER_SOURCE);
        try (Peers.Udp first = Peers.udp(server); Peers.Udp second = Peers.udp(server);
                Peers.Udp third = Peers.udp(server)) {
            assertThat(first.echo(new byte[] { 1 })).containsExactly(1);
            assertThat(second.echo(new byte[] { 2 })).containsExactly(2);
            third.send(new byte[] { 3 });
            await().atMost(WAIT).until(() -> stats.refused(RefusalReason.MAX_CONNECTIONS_PER_SOURCE) == refusedBefore + 1);
            assertThat(first.echo(new byte[] { 4 })).as("the admitted peers go on").containsExactly(4);
        }
    }

    @Test
    void peersThatDoNotReadTheirEchoHoldNoMoreThanMaxUnsentAndOthersStillEcho() throws Exception {
        ListenerStats stats = this.registry.listener("tcp").orElseThrow();
        InetSocketAddress server = Peers.address(this.registry, "tcp");
        long cutBefore = stats.cut(CutReason.UNSENT_LIMIT);
        try (StalledReaders stalled = new StalledReaders()) {
            // sources of 4 sessions at most each: 127.0.1.x; 4 x 64 KiB already fill the budget
            for (int i = 1; i <= 6 && stats.cut(CutReason.UNSENT_LIMIT) == cutBefore; i++) {
                stalled.add(4, InetAddress.getByName("127.0.1." + i), server, WAIT);
            }
            await("a session beyond the budget is cut").atMost(WAIT)
                .until(() -> stats.cut(CutReason.UNSENT_LIMIT) > cutBefore);
            assertThat(stats.info().cut()).containsKey("unsent-limit");
            byte[] payload = new byte[1 << 20];
            new Random(7).nextBytes(payload);
            try (Peers.Tcp reader = Peers.tcpFrom(InetAddress.getByName("127.0.2.1"), server)) {
                assertThat(echoWhileReading(reader, payload)).as("a peer that reads its echo").isEqualTo(payload);
            }
        }
    }

    private static byte[] echoWhileReading(Peers.Tcp peer, byte[] payload) throws Exception {
        Thread writer = new Thread(() -> {
            try {
                peer.socket().getOutputStream().write(payload);
            }
            catch (IOException ex) {
                // the read below fails too
            }
        });
        writer.start();
        byte[] echo = peer.socket().getInputStream().readNBytes(payload.length);
        writer.join(WAIT.toMillis());
        return echo;
    }
}
