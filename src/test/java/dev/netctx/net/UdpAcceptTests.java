package dev.netctx.net;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** UDP {@link NetContext#accept()} keeps the datagrams of other peers that wait on the listener socket. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UdpAcceptTests {

    @Test
    void aPeerWaitingWhileAnotherIsAcceptedIsAcceptedNext() throws Exception {
        try (NetContext listener = new NetContext(); DatagramSocket first = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket second = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            listener.bind("127.0.0.1", 0, NetProtocol.UDP);
            InetSocketAddress server = (InetSocketAddress) listener.localAddress();
            first.send(datagram("first", server));
            second.send(datagram("second", server));

            try (NetContext firstPeer = listener.accept()) {
                assertThat(received(firstPeer)).isEqualTo("first");
                CompletableFuture<NetContext> next = CompletableFuture.supplyAsync(() -> accept(listener));
                try (NetContext secondPeer = next.get(20, TimeUnit.SECONDS)) {
                    assertThat(secondPeer.remoteAddress()).isEqualTo(second.getLocalSocketAddress());
                    assertThat(received(secondPeer)).isEqualTo("second");
                }
            }
        }
    }

    private static DatagramPacket datagram(String text, InetSocketAddress to) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return new DatagramPacket(bytes, bytes.length, to);
    }

    private static String received(NetContext context) throws NetException {
        byte[] buffer = new byte[64];
        int length = context.recv(buffer);
        return new String(buffer, 0, length, StandardCharsets.US_ASCII);
    }

    private static NetContext accept(NetContext listener) {
        try {
            return listener.accept();
        }
        catch (NetException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
