package dev.netctx.net;

import static dev.netctx.net.NetTesting.assertNetError;
import static dev.netctx.net.NetTesting.portOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one-way UDP path ({@link NetContext#receive}) and the datagrams over 65,507 bytes that every path drops and counts. */
@Timeout(30)
class UdpReceiveTests extends ContextsUnderTest {

    UdpReceiveTests() {
        super(NetProtocol.UDP);
    }

    @Test
    void receiveHandsEachDatagramWithTheContextOfItsPeerAndKeepsItsAttachment() throws Exception {
        NetContext listener = listen("127.0.0.1");
        NetContext first = connect("127.0.0.1", listener);
        NetContext second = connect("127.0.0.1", listener);
        ByteBuffer buf = ByteBuffer.allocateDirect(NetContext.RECEIVE_BUFFER_SIZE);
        assertThat(listener.receive(buf, 0)).as("nothing yet").isNull();

        first.send(ascii("one"));
        NetContext firstPeer = track(listener.receive(buf.clear(), 5_000));
        assertThat(firstPeer.remoteAddress()).isEqualTo(first.localAddress());
        assertThat(text(buf)).isEqualTo("one");
        assertThat(firstPeer.attachment()).isNull();
        firstPeer.attach("session of first");

        second.send(ascii("two"));
        first.send(ascii("three"));
        NetContext secondPeer = track(listener.receive(buf.clear(), 5_000));
        assertThat(secondPeer.remoteAddress()).isEqualTo(second.localAddress());
        assertThat(text(buf)).isEqualTo("two");
        assertThat(listener.receive(buf.clear(), 5_000)).as("the same context for a known peer").isSameAs(firstPeer);
        assertThat(firstPeer.attachment()).isEqualTo("session of first");
        assertThat(text(buf)).isEqualTo("three");

        firstPeer.setNonBlocking();
        assertThat(firstPeer.recv(new byte[8])).as("the datagram was handed over, not queued").isEqualTo(NetError.WANT_READ.code());
        assertThat(firstPeer.send(buf.flip())).isEqualTo(5);
        assertThat(recvText(first)).isEqualTo("three");

        firstPeer.close();
        first.send(ascii("again"));
        NetContext again = track(listener.receive(buf.clear(), 5_000));
        assertThat(again).as("a closed peer's next datagram makes a new context").isNotSameAs(firstPeer);
        assertThat(again.attachment()).isNull();
        listener.close();
        assertNetError(NetError.INVALID_CONTEXT, () -> listener.receive(buf.clear(), 0));
    }

    @Test
    void receiveNeedsRoomForTheLargestDatagramAndAUdpListener() throws Exception {
        NetContext listener = listen("127.0.0.1");
        assertNetError(NetError.BAD_INPUT_DATA, () -> listener.receive(ByteBuffer.allocate(NetContext.MAX_DATAGRAM_SIZE), 0));
        NetContext client = connect("127.0.0.1", listener);
        assertNetError(NetError.BAD_INPUT_DATA, () -> client.receive(ByteBuffer.allocate(NetContext.RECEIVE_BUFFER_SIZE), 0));
    }

    @Test
    void anIpv6DatagramOverTheIpv4LimitIsDroppedAndCountedNotTruncated() throws Exception {
        NetContext listener = listen("::1");
        try (DatagramChannel peer = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            InetSocketAddress server = new InetSocketAddress("::1", portOf(listener));
            for (int size : new int[] { NetContext.MAX_DATAGRAM_SIZE + 1, 65_527 }) {
                assertThat(peer.send(ByteBuffer.allocate(size), server)).as("IPv6 carries %d bytes", size).isEqualTo(size);
            }
            peer.send(ByteBuffer.wrap(ascii("small")), server);

            ByteBuffer buf = ByteBuffer.allocateDirect(NetContext.RECEIVE_BUFFER_SIZE);
            NetContext session = track(listener.receive(buf, 5_000));
            assertThat(text(buf)).as("the first datagram that fits").isEqualTo("small");
            assertThat(listener.oversizedDatagrams()).isEqualTo(2);
            assertThat(session.oversizedDatagrams()).isEqualTo(2);
        }
    }

    @Test
    void acceptDropsAndCountsOversizedDatagramsToo() throws Exception {
        NetContext listener = listen("::1");
        try (DatagramChannel peer = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            InetSocketAddress server = new InetSocketAddress("::1", portOf(listener));
            peer.send(ByteBuffer.allocate(NetContext.MAX_DATAGRAM_SIZE + 1), server);
            peer.send(ByteBuffer.allocate(NetContext.MAX_DATAGRAM_SIZE), server);
            NetContext session = track(listener.accept());
            assertThat(session.recv(ByteBuffer.allocate(NetContext.RECEIVE_BUFFER_SIZE))).isEqualTo(NetContext.MAX_DATAGRAM_SIZE);
            assertThat(listener.oversizedDatagrams()).isEqualTo(1);
            assertThat(listener.droppedDatagrams()).isZero();
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The datagram {@code receive} put in {@code buf} (from 0 to its position). */
    private static String text(ByteBuffer buf) {
        ByteBuffer datagram = buf.duplicate().flip();
        byte[] bytes = new byte[datagram.remaining()];
        datagram.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String recvText(NetContext context) throws NetException {
        byte[] buf = new byte[64];
        int n = context.recv(buf, 0, buf.length, 5_000);
        assertThat(n).isGreaterThanOrEqualTo(0);
        return new String(buf, 0, n, StandardCharsets.US_ASCII);
    }
}
