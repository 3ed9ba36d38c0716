package dev.netctx.net;

import static dev.netctx.net.NetTesting.assertNetError;
import static dev.netctx.net.NetTesting.portOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetContextUdpTests extends ContextsUnderTest {

    NetContextUdpTests() {
        super(NetProtocol.UDP);
    }


    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String recvText(NetContext context) throws NetException {
        byte[] buf = new byte[1024];
        int n = context.recv(buf, 0, buf.length, 5_000);
        assertThat(n).as("recv result").isGreaterThanOrEqualTo(0);
        return new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "::1" })
    void acceptHandsTheFirstDatagramToAContextConnectedToItsPeer(String ip) throws Exception {
        NetContext listener = listen(ip);
        NetContext client = connect(ip, listener);
        client.send(ascii("hello"));
        client.send(ascii("again"));

        NetContext session = track(listener.accept());
        assertThat(session.protocol()).isEqualTo(NetProtocol.UDP);
        assertThat(session.isListening()).isFalse();
        assertThat(session.remoteAddress()).isEqualTo(client.localAddress());
        assertThat(((InetSocketAddress) session.remoteAddress()).getAddress().getAddress()).hasSize(ip.contains(":") ? 16 : 4);
        assertThat(recvText(session)).isEqualTo("hello");
        assertThat(recvText(session)).isEqualTo("again");
        session.send(ascii("echo"));
        assertThat(recvText(client)).isEqualTo("echo");

        // the listener was rebound on the same address and goes on accepting new peers
        assertThat(portOf(listener)).isEqualTo(portOf(session));
        NetContext second = connect(ip, listener);
        second.send(ascii("second"));
        NetContext secondSession = track(listener.accept());
        assertThat(secondSession.remoteAddress()).isEqualTo(second.localAddress());
        assertThat(recvText(secondSession)).isEqualTo("second");
        client.send(ascii("still mine"));
        assertThat(recvText(session)).isEqualTo("still mine");
    }

    @Test
    void aWildcardListenerStaysAWildcard() throws Exception {
        NetContext listener = listen(null);
        NetContext v4 = connect("127.0.0.1", listener);
        v4.send(ascii("four"));
        NetContext first = track(listener.accept());
        assertThat(recvText(first)).isEqualTo("four");
        assertThat(((InetSocketAddress) listener.localAddress()).getAddress().isAnyLocalAddress()).isTrue();

        NetContext v6 = connect("::1", listener);
        v6.send(ascii("six"));
        NetContext second = track(listener.accept());
        assertThat(recvText(second)).isEqualTo("six");
        second.send(ascii("back"));
        assertThat(recvText(v6)).isEqualTo("back");
    }

    @Test
    void nonBlockingAcceptAndRecvReportWantRead() throws Exception {
        NetContext listener = listen("127.0.0.1");
        listener.setNonBlocking();
        assertNetError(NetError.WANT_READ, listener::accept);
        assertThat(listener.poll(EnumSet.of(PollEvent.READ), 0)).isEmpty();

        NetContext client = connect("127.0.0.1", listener);
        client.setNonBlocking();
        assertThat(client.recv(new byte[8])).isEqualTo(NetError.WANT_READ.code());
        client.send(ascii("x"));
        assertThat(listener.poll(EnumSet.of(PollEvent.READ), 5_000)).containsExactly(PollEvent.READ);
        NetContext session = track(listener.accept());
        assertThat(session.isBlocking()).isTrue();
        assertThat(session.poll(EnumSet.of(PollEvent.READ), 0)).as("the first datagram is ready at once")
            .containsExactly(PollEvent.READ);
        session.setNonBlocking();
        assertThat(session.recv(new byte[8])).isEqualTo(1);
        assertThat(session.recv(new byte[8])).isEqualTo(NetError.WANT_READ.code());
        assertThat(listener.isBlocking()).isFalse();
        assertNetError(NetError.WANT_READ, listener::accept);
    }

    @Test
    void recvTimeoutReportsTimeout() throws Exception {
        NetContext listener = listen("127.0.0.1");
        NetContext client = connect("127.0.0.1", listener);
        assertThat(client.recv(new byte[8], 0, 8, 50)).isEqualTo(NetError.TIMEOUT.code());
        client.setNonBlocking();
        assertThat(client.recv(ByteBuffer.allocate(8), 50)).isEqualTo(NetError.TIMEOUT.code());
    }

    @Test
    void datagramsKeepTheirBoundaries() throws Exception {
        NetContext listener = listen("127.0.0.1");
        NetContext client = connect("127.0.0.1", listener);
        byte[] largest = new byte[NetContext.MAX_DATAGRAM_SIZE];
        new Random(42).nextBytes(largest);
        client.send(largest);
        client.send(ascii("truncated"));

        NetContext session = track(listener.accept());
        byte[] buf = new byte[NetContext.MAX_DATAGRAM_SIZE];
        assertThat(session.recv(buf)).isEqualTo(largest.length);
        assertThat(buf).isEqualTo(largest);
        byte[] small = new byte[5];
        assertThat(session.recv(small)).isEqualTo(5);
        assertThat(new String(small, StandardCharsets.US_ASCII)).isEqualTo("trunc");

        try (DatagramChannel plain = DatagramChannel.open()) {
            // an empty datagram, from an unconnected socket: a connected DatagramChannel cannot send one
            plain.send(ByteBuffer.allocate(0), new InetSocketAddress("127.0.0.1", portOf(listener)));
            NetContext emptySender = track(listener.accept());
            assertThat(emptySender.recv(buf)).as("an empty datagram").isZero();
            assertThat(emptySender.send(new byte[0])).isZero();
            plain.configureBlocking(true);
            ByteBuffer echo = ByteBuffer.allocate(8);
            assertThat(plain.receive(echo)).isEqualTo(listener.localAddress());
            assertThat(echo.position()).as("the empty datagram came back").isZero();
        }

        session.send(largest);
        byte[] back = new byte[NetContext.MAX_DATAGRAM_SIZE];
        assertThat(client.recv(back, 0, back.length, 5_000)).isEqualTo(largest.length);
        assertThat(Arrays.equals(back, largest)).isTrue();
    }

    @Test
    void whicheverSessionReadsTheSharedSocketEveryWaitingSessionGetsItsDatagrams() throws Exception {
        NetContext listener = listen("127.0.0.1");
        List<NetContext> clients = new ArrayList<>();
        List<NetContext> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            NetContext client = connect("127.0.0.1", listener);
            client.send(ascii("hello " + i));
            NetContext session = track(listener.accept());
            assertThat(recvText(session)).isEqualTo("hello " + i);
            clients.add(client);
            sessions.add(session);
        }
        // every session waits for ever; one of them reads the socket for all
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> received = new ArrayList<>();
            for (NetContext session : sessions) {
                received.add(threads.submit(() -> {
                    byte[] buf = new byte[64];
                    int n = session.recv(buf);
                    return new String(buf, 0, n, StandardCharsets.US_ASCII);
                }));
            }
            for (int round = 0; round < 3; round++) {
                clients.get(round).send(ascii("to " + round));
                assertThat(received.get(round).get(5, TimeUnit.SECONDS)).isEqualTo("to " + round);
            }
        }
        finally {
            threads.shutdownNow();
        }
    }

    @Test
    void oneThreadServesEveryPeerWithNextReady() throws Exception {
        NetContext listener = listen("127.0.0.1");
        assertThat(listener.nextReady(0)).as("nothing yet").isNull();
        NetContext first = connect("127.0.0.1", listener);
        NetContext second = connect("127.0.0.1", listener);
        first.send(ascii("one"));
        second.send(ascii("two"));
        first.send(ascii("three"));

        NetContext firstPeer = track(listener.nextReady(5_000));
        assertThat(firstPeer.remoteAddress()).isEqualTo(first.localAddress());
        firstPeer.setNonBlocking();
        assertThat(recvText(firstPeer)).isEqualTo("one");
        NetContext secondPeer = track(listener.nextReady(5_000));
        assertThat(secondPeer.remoteAddress()).isEqualTo(second.localAddress());
        assertThat(recvText(secondPeer)).isEqualTo("two");
        assertThat(listener.nextReady(5_000)).as("the same context for a known peer").isSameAs(firstPeer);
        assertThat(recvText(firstPeer)).isEqualTo("three");
        assertThat(firstPeer.recv(new byte[8])).as("a peer's recv does not read for the others")
            .isEqualTo(NetError.WANT_READ.code());

        secondPeer.send(ascii("echo"));
        assertThat(recvText(second)).isEqualTo("echo");
        secondPeer.close();
        second.send(ascii("again"));
        NetContext again = track(listener.nextReady(5_000));
        assertThat(again).as("a closed peer's next datagram makes a new context").isNotSameAs(secondPeer);
        assertThat(recvText(again)).isEqualTo("again");
        assertNetError(NetError.BAD_INPUT_DATA, () -> firstPeer.nextReady(0));
        listener.close();
        assertNetError(NetError.INVALID_CONTEXT, () -> listener.nextReady(0));
    }

    @Test
    void aPeerFarBehindLosesWhatItsFullQueueCannotHoldAndItIsCounted() throws Exception {
        NetContext listener = listen("127.0.0.1");
        NetContext client = connect("127.0.0.1", listener);
        client.send(ascii("first"));
        NetContext session = track(listener.accept());
        listener.setNonBlocking();
        int sent = 1;
        while (sent < DatagramDemux.MAX_QUEUED_DATAGRAMS + 500) {
            for (int i = 0; i < 500; i++, sent++) {
                client.send(ByteBuffer.allocate(4).putInt(sent).flip());
            }
            // a non-blocking accept reads what is queued on the socket, handing the session's datagrams to it
            assertNetError(NetError.WANT_READ, listener::accept);
        }
        assertThat(listener.droppedDatagrams()).isEqualTo(sent - DatagramDemux.MAX_QUEUED_DATAGRAMS);
        assertThat(session.droppedDatagrams()).isEqualTo(listener.droppedDatagrams());
        assertThat(recvText(session)).isEqualTo("first");
        ByteBuffer buf = ByteBuffer.allocate(8);
        for (int expected = 1; expected < DatagramDemux.MAX_QUEUED_DATAGRAMS; expected++) {
            assertThat(session.recv(buf.clear())).isEqualTo(4);
            assertThat(buf.getInt(0)).isEqualTo(expected);
        }
        session.setNonBlocking();
        assertThat(session.recv(buf.clear())).as("nothing beyond the full queue").isEqualTo(NetError.WANT_READ.code());
        assertThat(track(new NetContext()).droppedDatagrams()).isZero();
    }

    @Test
    void aListenerReadsFromAnyPeerButCannotSend() throws Exception {
        NetContext listener = listen("127.0.0.1");
        NetContext client = connect("127.0.0.1", listener);
        client.send(ascii("any"));
        assertThat(recvText(listener)).isEqualTo("any");
        assertNetError(NetError.SEND_FAILED, () -> listener.send(ascii("to whom?")));
    }

    @Test
    void sendToAClosedPortFailsOnTheNextCall() throws Exception {
        NetContext listener = listen("127.0.0.1");
        NetContext client = connect("127.0.0.1", listener);
        listener.close();
        client.send(ascii("nobody"));
        // the ICMP port-unreachable is reported on the next call on the connected socket
        NetException refused = assertNetError(NetError.RECV_FAILED, () -> client.recv(new byte[8], 0, 8, 5_000));
        assertThat(refused).hasMessageContaining("refused");
    }

    @Test
    void closedContextsAreInvalid() throws Exception {
        NetContext listener = listen("127.0.0.1");
        NetContext client = connect("127.0.0.1", listener);
        client.send(ascii("x"));
        NetContext session = track(listener.accept());
        session.free();
        session.close();
        assertNetError(NetError.INVALID_CONTEXT, () -> session.recv(new byte[8]));
        assertNetError(NetError.INVALID_CONTEXT, () -> session.send(new byte[8]));
        listener.close();
        assertNetError(NetError.INVALID_CONTEXT, listener::accept);
        assertThat(listener.toString()).startsWith("NetContext[closed UDP 127.0.0.1:");
    }
}
