package dev.netctx.net;

import static dev.netctx.net.NetTesting.portOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * mbed TLS issue #1845: with mbed TLS, datagrams that other peers queued before the listening socket
 * is connected to a new peer are delivered to that peer's context. netctx must deliver every datagram
 * to its own peer's context, and lose none.
 */
class UdpAcceptManyPeersTests {

    private static final int PEERS = 32;

    private static final int DATAGRAMS_PER_PEER = 8;

    @Test
    @Timeout(60)
    void everyPeerGetsExactlyItsOwnDatagramsWhenAllStartAtOnce() throws Exception {
        NetContext listener = new NetContext();
        listener.bind("127.0.0.1", 0, NetProtocol.UDP);
        int port = portOf(listener);
        Map<InetSocketAddress, List<Integer>> receivedBySession = new ConcurrentHashMap<>();
        List<NetContext> sessions = new ArrayList<>();
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            threads.submit(() -> {
                for (int i = 0; i < PEERS; i++) {
                    NetContext session = listener.accept();
                    synchronized (sessions) {
                        sessions.add(session);
                    }
                    threads.submit(() -> echo(session, receivedBySession));
                }
                return null;
            });

            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Integer>>> peers = new ArrayList<>();
            for (int id = 0; id < PEERS; id++) {
                int peerId = id;
                peers.add(threads.submit(() -> runPeer(peerId, port, start)));
            }
            start.countDown();

            for (int id = 0; id < PEERS; id++) {
                List<Integer> echoed = peers.get(id).get(30, TimeUnit.SECONDS);
                assertThat(echoed).as("echoes seen by peer %d", id).containsExactlyInAnyOrderElementsOf(expected(id));
            }
            synchronized (sessions) {
                assertThat(sessions).hasSize(PEERS);
                assertThat(sessions).extracting(NetContext::remoteAddress).doesNotHaveDuplicates();
            }
            assertThat(receivedBySession).hasSize(PEERS);
            receivedBySession.forEach((peer, received) -> {
                int id = received.get(0) / 1000;
                assertThat(received).as("datagrams handed to the session of %s", peer).containsExactlyElementsOf(expected(id));
            });
        }
        finally {
            listener.close();
            synchronized (sessions) {
                sessions.forEach(NetContext::close);
            }
            threads.shutdownNow();
        }
    }

    private static List<Integer> expected(int peerId) {
        List<Integer> values = new ArrayList<>();
        for (int seq = 0; seq < DATAGRAMS_PER_PEER; seq++) {
            values.add(peerId * 1000 + seq);
        }
        return values;
    }

    /** Sends all datagrams at once, then collects the echoes. */
    private static List<Integer> runPeer(int peerId, int port, CountDownLatch start) throws Exception {
        NetContext peer = new NetContext();
        try {
            peer.connect("127.0.0.1", port, NetProtocol.UDP);
            start.await();
            for (int value : expected(peerId)) {
                peer.send(ByteBuffer.allocate(4).putInt(value).flip());
            }
            List<Integer> echoed = new ArrayList<>();
            ByteBuffer buf = ByteBuffer.allocate(64);
            while (echoed.size() < DATAGRAMS_PER_PEER) {
                buf.clear();
                int n = peer.recv(buf, 10_000);
                if (n == NetError.TIMEOUT.code()) {
                    break;
                }
                assertThat(n).isEqualTo(4);
                echoed.add(buf.flip().getInt());
            }
            return echoed;
        }
        finally {
            peer.close();
        }
    }

    private static Void echo(NetContext session, Map<InetSocketAddress, List<Integer>> receivedBySession) throws Exception {
        List<Integer> received = new ArrayList<>();
        receivedBySession.put((InetSocketAddress) session.remoteAddress(), received);
        ByteBuffer buf = ByteBuffer.allocate(NetContext.MAX_DATAGRAM_SIZE);
        while (received.size() < DATAGRAMS_PER_PEER) {
            buf.clear();
            int n = session.recv(buf, 10_000);
            if (n < 0) {
                break;
            }
            buf.flip();
            received.add(buf.getInt(0));
            session.send(buf);
        }
        return null;
    }
}
