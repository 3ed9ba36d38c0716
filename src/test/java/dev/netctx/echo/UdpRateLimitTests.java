package dev.netctx.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextRegistry;
import dev.netctx.context.DropReason;
import dev.netctx.context.ListenerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-source reply rate limit, with loopback not trusted: a burst from one address gets at most
 * {@code burst + rate × elapsed} echoes, and new peers of a limited address get no session.
 */
@SpringBootTest(properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0",
        "netctx.trusted-networks=192.0.2.0/24", "netctx.listeners.udp.udp-rate-limit.rate=" + UdpRateLimitTests.RATE,
        "netctx.listeners.udp.udp-rate-limit.burst=" + UdpRateLimitTests.BURST })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UdpRateLimitTests {

    static final int RATE = 10;

    static final int BURST = 20;

    private static final int DATAGRAMS = 150;

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    private ContextRegistry registry;

    @Test
    void aBurstFromOneAddressGetsAtMostBurstPlusRateTimesElapsedEchoes() throws Exception {
        ListenerStats stats = this.registry.listener("udp").orElseThrow();
        long droppedBefore = stats.dropped(DropReason.RATE_LIMIT);
        long start = System.nanoTime();
        int echoes = 0;
        try (Peers.Udp peer = Peers.udp(Peers.address(this.registry, "udp"))) {
            peer.socket().setSoTimeout(100);
            for (int i = 0; i < DATAGRAMS; i++) {
                peer.send(new byte[] { (byte) i });
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (echoes + stats.dropped(DropReason.RATE_LIMIT) - droppedBefore < DATAGRAMS
                    && System.nanoTime() < deadline) {
                echoes += peer.receiveOne();
            }
        }
        double elapsedSeconds = (System.nanoTime() - start) / (double) TimeUnit.SECONDS.toNanos(1);
        long dropped = stats.dropped(DropReason.RATE_LIMIT) - droppedBefore;
        assertThat(echoes + dropped).as("every datagram echoed or counted as dropped").isEqualTo(DATAGRAMS);
        assertThat(echoes).as("echoes in %.2f s", elapsedSeconds).isGreaterThanOrEqualTo(BURST)
                .isLessThanOrEqualTo((int) (BURST + RATE * elapsedSeconds) + 1);
    }

    @Test
    void newPeersOfALimitedAddressGetNoSession() throws IOException {
        ListenerStats stats = this.registry.listener("udp").orElseThrow();
        InetSocketAddress server = Peers.address(this.registry, "udp");
        long acceptedBefore = stats.accepted();
        long droppedBefore = stats.dropped(DropReason.RATE_LIMIT);
        long start = System.nanoTime();
        List<Peers.Udp> peers = new ArrayList<>();
        try {
            for (int i = 0; i < 3 * BURST; i++) {
                Peers.Udp peer = Peers.udp(server);
                peers.add(peer);
                peer.send(new byte[] { (byte) i });
            }
            await().atMost(WAIT).until(() -> stats.accepted() - acceptedBefore + stats.dropped(DropReason.RATE_LIMIT)
                    - droppedBefore >= 3 * BURST);
        }
        finally {
            peers.forEach(Peers.Udp::close);
        }
        double elapsedSeconds = (System.nanoTime() - start) / (double) TimeUnit.SECONDS.toNanos(1);
        assertThat(stats.accepted() - acceptedBefore).as("sessions created in %.2f s", elapsedSeconds)
                .isLessThanOrEqualTo((long) (BURST + RATE * elapsedSeconds) + 1);
    }
}
