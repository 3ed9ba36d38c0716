package dev.netctx.echo;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import dev.netctx.context.ContextRegistry;
import dev.netctx.context.DropReason;
import dev.netctx.context.ListenerStats;
import dev.netctx.net.NetContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's threads are tasks of its one executor, named by role, as many event loops as
 * {@code netctx.event-loops} says; a UDP datagram over the IPv4
 * limit (IPv6 carries up to 65,527 bytes) is dropped and counted as {@code oversized}, not truncated.
 */
@Timeout(60)
@SpringBootTest(properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0",
        "netctx.listeners.udp.bind-address=::1", "netctx.event-loops=3" })
class EchoThreadsAndDropsTests {

    @Autowired
    private ContextRegistry registry;

    @Test
    void everyThreadOfTheServiceIsNamedByItsRole() {
        Set<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("netctx-")).collect(Collectors.toSet());
        assertThat(names).contains("netctx-tcp-loop-1", "netctx-tcp-accept-tcp", "netctx-udp-udp", "netctx-idle-reaper");
    }

    @Test
    void thereAreAsManyEventLoopsAsConfigured() {
        Set<String> loops = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("netctx-tcp-loop-")).collect(Collectors.toSet());
        assertThat(loops).containsExactlyInAnyOrder("netctx-tcp-loop-1", "netctx-tcp-loop-2", "netctx-tcp-loop-3");
    }

    @Test
    void anOversizedDatagramIsDroppedAndCountedAndTheNextOneEchoed() throws IOException {
        ListenerStats stats = this.registry.listener("udp").orElseThrow();
        InetSocketAddress server = Peers.address(this.registry, "udp");
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            peer.setSoTimeout(Peers.READ_TIMEOUT_MILLIS);
            byte[] oversized = new byte[NetContext.MAX_DATAGRAM_SIZE + 1];
            peer.send(new DatagramPacket(oversized, oversized.length, server));
            peer.send(new DatagramPacket(new byte[] { 4, 2 }, 2, server));
            DatagramPacket echo = new DatagramPacket(new byte[NetContext.RECEIVE_BUFFER_SIZE], NetContext.RECEIVE_BUFFER_SIZE);
            peer.receive(echo);
            assertThat(echo.getLength()).as("only the datagram that fits comes back").isEqualTo(2);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> stats.dropped(DropReason.OVERSIZED) == 1);
        assertThat(stats.info().dropped()).containsEntry("oversized", 1L);
    }
}
