package dev.netctx.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ContextRole;
import dev.netctx.context.ContextState;
import dev.netctx.context.ListenerStats;
import dev.netctx.net.NetContext;
import dev.netctx.net.NetProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** The whole service on ports 0: many concurrent TCP clients and UDP peers, and what the registry counts. */
@SpringBootTest(properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EchoServiceTests {

    private static final int PEERS = 50;

    private static final int MIB = 1024 * 1024;

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    private ContextRegistry registry;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        this.threads.shutdownNow();
    }

    @Test
    void fiftyTcpClientsEachGetExactlyTheirOwnMebibyteBack() throws Exception {
        ListenerStats stats = this.registry.listener("tcp").orElseThrow();
        long receivedBefore = stats.bytesReceived();
        long sentBefore = stats.bytesSent();
        List<Future<byte[]>> echoes = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < PEERS; i++) {
            Random random = new Random(i);
            byte[] payload = new byte[MIB];
            random.nextBytes(payload);
            payloads.add(payload);
            Peers.Tcp client = Peers.tcp(Peers.address(this.registry, "tcp"));
            this.threads.submit(() -> writeInRandomPieces(client, payload, random));
            echoes.add(this.threads.submit(() -> readToEnd(client)));
        }
        for (int i = 0; i < PEERS; i++) {
            byte[] echoed = echoes.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(echoed.length).as("bytes echoed to client %d", i).isEqualTo(MIB);
            assertThat(Arrays.mismatch(echoed, payloads.get(i))).as("first wrong byte for client %d", i).isEqualTo(-1);
        }
        assertThat(stats.bytesReceived() - receivedBefore).isEqualTo((long) PEERS * MIB);
        assertThat(stats.bytesSent() - sentBefore).isEqualTo((long) PEERS * MIB);
    }

    private static Void writeInRandomPieces(Peers.Tcp client, byte[] payload, Random random) throws IOException {
        OutputStream out = client.socket().getOutputStream();
        for (int offset = 0; offset < payload.length;) {
            int length = Math.min(1 + random.nextInt(64 * 1024), payload.length - offset);
            out.write(payload, offset, length);
            offset += length;
        }
        client.socket().shutdownOutput();
        return null;
    }

    private static byte[] readToEnd(Peers.Tcp client) throws IOException {
        try (client) {
            InputStream in = client.socket().getInputStream();
            return in.readAllBytes();
        }
    }

    @Test
    void fiftyUdpPeersEachGetExactlyTheirOwnDatagramsBack() throws Exception {
        InetSocketAddress server = Peers.address(this.registry, "udp");
        List<Future<Integer>> peers = new ArrayList<>();
        for (int i = 0; i < PEERS; i++) {
            Random random = new Random(1000 + i);
            int[] sizes = random.ints(20, 1, 4097).toArray();
            if (i == 0) {
                sizes = new int[] { 1, NetContext.MAX_DATAGRAM_SIZE, 2, 65_536 - 1_024 };
            }
            int[] chosen = sizes;
            peers.add(this.threads.submit(() -> exchangeDatagrams(server, random, chosen)));
        }
        for (Future<Integer> peer : peers) {
            assertThat(peer.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isPositive();
        }
    }

    private static int exchangeDatagrams(InetSocketAddress server, Random random, int[] sizes) throws IOException {
        try (Peers.Udp peer = Peers.udp(server)) {
            for (int size : sizes) {
                byte[] datagram = new byte[size];
                random.nextBytes(datagram);
                assertThat(peer.echo(datagram)).as("echo of a %d-byte datagram", size).isEqualTo(datagram);
            }
            return sizes.length;
        }
    }

    @Test
    void registryCountsTheBytesOfEachOpenTcpSessionAndClosesItById() throws IOException {
        try (Peers.Tcp client = Peers.tcp(Peers.address(this.registry, "tcp"))) {
            byte[] bytes = new byte[100_000];
            new Random(7).nextBytes(bytes);
            assertThat(client.echo(bytes)).isEqualTo(bytes);
            ContextInfo info = await().atMost(WAIT).until(() -> sessionOf(client.localPort()),
                    session -> session != null && session.bytesSent() == bytes.length);
            assertThat(info.bytesReceived()).isEqualTo(bytes.length);
            assertThat(info.role()).isEqualTo(ContextRole.SESSION);
            assertThat(info.listener()).isEqualTo("tcp");
            assertThat(info.protocol()).isEqualTo(NetProtocol.TCP);
            assertThat(info.remote()).isEqualTo("127.0.0.1:" + client.localPort());
            assertThat(info.local()).isEqualTo(this.registry.listener("tcp").orElseThrow().info().local());
            assertThat(info.state()).isEqualTo(ContextState.OPEN);
            assertThat(info.lastActivityAt()).isAfter(info.openedAt());
            // the sampler may move the rates between the two reads
            assertThat(this.registry.find(info.id())).get().usingRecursiveComparison()
                .ignoringFields("rateIn", "rateOut").isEqualTo(info);

            ContextInfo closed = this.registry.close(info.id()).orElseThrow();
            assertThat(closed.state()).isEqualTo(ContextState.CLOSED);
            assertThat(client.closedByServer()).isTrue();
            assertThat(this.registry.find(info.id())).isEmpty();
        }
    }

    @Test
    void registryCountsTheBytesOfEachUdpPeer() throws IOException {
        try (Peers.Udp peer = Peers.udp(Peers.address(this.registry, "udp"))) {
            byte[] datagram = new byte[3_000];
            new Random(8).nextBytes(datagram);
            peer.echo(datagram);
            peer.echo(datagram);
            ContextInfo info = await().atMost(WAIT).until(() -> sessionOf(peer.localPort()),
                    session -> session != null && session.bytesSent() == 2 * datagram.length);
            assertThat(info.bytesReceived()).isEqualTo(2 * datagram.length);
            assertThat(info.protocol()).isEqualTo(NetProtocol.UDP);
            assertThat(info.listener()).isEqualTo("udp");
        }
    }

    @Test
    void registryListsListenersAndSessionsInTheOrderTheyOpened() throws IOException {
        try (Peers.Tcp first = Peers.tcp(Peers.address(this.registry, "tcp"));
                Peers.Tcp second = Peers.tcp(Peers.address(this.registry, "tcp"))) {
            first.echo(new byte[] { 1 });
            second.echo(new byte[] { 2 });
            List<ContextInfo> contexts = this.registry.contexts();
            assertThat(contexts).extracting(ContextInfo::id).isSorted().doesNotHaveDuplicates();
            assertThat(contexts).filteredOn(info -> info.role() == ContextRole.LISTENER)
                    .extracting(ContextInfo::listener, ContextInfo::state)
                    .contains(tuple("tcp", ContextState.LISTENING),
                            tuple("udp", ContextState.LISTENING));
            long firstId = sessionOf(first.localPort()).id();
            assertThat(sessionOf(second.localPort()).id()).isGreaterThan(firstId);
            assertThat(this.registry.listeners()).extracting(ListenerStats::name).containsExactly("tcp", "udp");
            assertThat(this.registry.listener("tcp").orElseThrow().isAccepting()).isTrue();
        }
    }

    @Test
    void moreSessionsThanAThreadPoolWouldHoldAllProgressAtOnce() throws IOException {
        List<Peers.Tcp> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                Peers.Tcp client = Peers.tcp(Peers.address(this.registry, "tcp"));
                clients.add(client);
                byte[] message = { (byte) i, 0, (byte) 0xFF };
                assertThat(client.echo(message)).as("echo on connection %d while %d are open", i, i + 1).isEqualTo(message);
            }
        }
        finally {
            for (Peers.Tcp client : clients) {
                client.close();
            }
        }
    }

    private ContextInfo sessionOf(int peerPort) {
        return Peers.session(this.registry, peerPort).orElse(null);
    }
}
