package dev.netctx.actuate;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The kernel's UDP receive drops, read from /proc/net/udp: from sample tables, and from a real socket that overflows. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KernelUdpDropsTests {

    private static final String HEADER = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n";

    @TempDir
    private Path directory;

    @Test
    void sumsTheDropsOfTheUnconnectedSocketsOfThePortOwnedByThisUser() throws Exception {
        Path udp = this.directory.resolve("udp");
        Files.writeString(udp, HEADER
                + "  669: 0100007F:115A 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 98076 2 000000001dceac1a 12\n"
                + "  670: 0200007F:115A 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 98077 2 000000001dceac1b 3\n"
                + "  671: 0100007F:115A 0100007F:8800 01 00000000:00000000 00:00000000 00000000  1000        0 98078 2 000000001dceac1c 100\n"
                + "  672: 0100007F:115A 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 98079 2 000000001dceac1d 1000\n"
                + "  673: 0100007F:115B 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 98080 2 000000001dceac1e 7\n");
        Path udp6 = this.directory.resolve("udp6");
        Files.writeString(udp6, HEADER
                + " 5188: 00000000000000000000000000000000:115A 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 98081 2 0000000064707df5 5\n");
        KernelUdpDrops drops = new KernelUdpDrops(List.of(udp, udp6), "1000");
        assertThat(drops.isAvailable()).isTrue();
        assertThat(drops.drops(0x115A)).as("port 4442: two IPv4 sockets and one IPv6, not the connected one nor another user's")
            .isEqualTo(12 + 3 + 5);
        assertThat(drops.drops(0x115B)).isEqualTo(7);
        assertThat(drops.drops(9)).isZero();
    }

    @Test
    void notAvailableWithoutTheTables() {
        assertThat(new KernelUdpDrops(List.of(this.directory.resolve("none")), "0").isAvailable()).isFalse();
    }

    @Test
    void seesTheDropsOfARealSocketWhoseReceiveBufferOverflows() throws Exception {
        KernelUdpDrops drops = new KernelUdpDrops();
        assumeTrue(drops.isAvailable(), "Linux's /proc/net/udp is not there");
        try (DatagramChannel unread = DatagramChannel.open(); DatagramChannel sender = DatagramChannel.open()) {
            unread.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            unread.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) unread.getLocalAddress()).getPort();
            assertThat(drops.drops(port)).isZero();
            ByteBuffer datagram = ByteBuffer.allocate(1024);
            for (int i = 0; i < 200; i++) {
                sender.send(datagram.clear(), unread.getLocalAddress());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> drops.drops(port) > 0);
        }
    }
}
