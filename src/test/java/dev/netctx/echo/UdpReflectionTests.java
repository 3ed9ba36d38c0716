package dev.netctx.echo;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextRegistry;
import dev.netctx.context.DropReason;
import dev.netctx.context.ListenerStats;
import dev.netctx.net.NetContext;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The UDP reflection policy with loopback trusted (the default): echoes are never larger than their
 * datagram, trusted peers are not rate-limited even with a tiny limit, and low source ports are
 * refused from every address.
 */
@SpringBootTest(properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0",
        "netctx.listeners.udp.udp-rate-limit.rate=1", "netctx.listeners.udp.udp-rate-limit.burst=1" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UdpReflectionTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    private ContextRegistry registry;

    @Autowired
    private MeterRegistry meters;

    @Test
    void everyEchoHasExactlyTheBytesOfItsDatagram() throws IOException {
        ListenerStats stats = this.registry.listener("udp").orElseThrow();
        InetSocketAddress server = Peers.address(this.registry, "udp");
        Random random = new Random(862);
        // not connected: a connected JDK socket does not send an empty datagram at all
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            peer.setSoTimeout(Peers.READ_TIMEOUT_MILLIS);
            for (int size : new int[] { 1, 0, 7, 512, 1_472, 9_000, NetContext.MAX_DATAGRAM_SIZE }) {
                byte[] datagram = new byte[size];
                random.nextBytes(datagram);
                peer.send(new DatagramPacket(datagram, size, server));
                DatagramPacket echo = new DatagramPacket(new byte[65_536], 65_536);
                peer.receive(echo);
                assertThat(Arrays.copyOf(echo.getData(), echo.getLength())).as("echo of %d bytes", size).isEqualTo(datagram);
            }
        }
        await().atMost(WAIT).until(() -> stats.bytesSent() == stats.bytesReceived());
        assertThat(stats.bytesSent()).isLessThanOrEqualTo(stats.bytesReceived());
    }

    @Test
    void trustedLoopbackPeersAreNotRateLimited() throws IOException {
        ListenerStats stats = this.registry.listener("udp").orElseThrow();
        long limitedBefore = stats.dropped(DropReason.RATE_LIMIT);
        try (Peers.Udp peer = Peers.udp(Peers.address(this.registry, "udp"))) {
            for (int i = 0; i < 200; i++) {
                byte[] datagram = { (byte) i, 1, 2 };
                assertThat(peer.echo(datagram)).as("echo %d at a limit of 1/s", i).isEqualTo(datagram);
            }
        }
        assertThat(stats.dropped(DropReason.RATE_LIMIT)).isEqualTo(limitedBefore);
    }

    @Test
    void datagramsFromAPrivilegedSourcePortGetNoReplyAndNoSession() throws IOException {
        ListenerStats stats = this.registry.listener("udp").orElseThrow();
        InetSocketAddress server = Peers.address(this.registry, "udp");
        long droppedBefore = stats.dropped(DropReason.SOURCE_PORT);
        try (DatagramChannel chargen = lowPortChannel(); Peers.Udp probe = Peers.udp(server)) {
            long acceptedBefore = stats.accepted();
            chargen.send(ByteBuffer.wrap(new byte[] { 'e', 'c', 'h', 'o' }), server);
            chargen.send(ByteBuffer.wrap(new byte[] { 'l', 'o', 'o', 'p' }), server);
            await().atMost(WAIT).untilAsserted(
                    () -> assertThat(stats.dropped(DropReason.SOURCE_PORT) - droppedBefore).as("dropped").isEqualTo(2));

            assertThat(probe.echo(new byte[] { 1 })).as("a peer on a high port, after the dropped ones").containsExactly(1);
            assertThat(chargen.receive(ByteBuffer.allocate(16))).as("reply to port %d", chargen.socket().getLocalPort())
                    .isNull();
            assertThat(stats.accepted() - acceptedBefore).as("sessions: the probe's only").isEqualTo(1);
            assertThat(this.meters.get("netctx.datagrams.dropped").tags("listener", "udp", "reason", "source-port")
                    .functionCounter().count()).isEqualTo(stats.dropped(DropReason.SOURCE_PORT));
        }
    }

    /** A non-blocking channel bound to a free port below 1024 on loopback (the tests run as root). */
    private static DatagramChannel lowPortChannel() throws IOException {
        for (int port = 1023; port > 900; port--) {
            DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
            try {
                channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                channel.configureBlocking(false);
                return channel;
            }
            catch (IOException ex) {
                channel.close();
            }
        }
        throw new IllegalStateException("no free UDP port below 1024 on loopback (not running as root?)");
    }
}
