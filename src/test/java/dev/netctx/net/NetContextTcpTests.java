package dev.netctx.net;

import static dev.netctx.net.NetTesting.assertNetError;
import static dev.netctx.net.NetTesting.portOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetContextTcpTests extends ContextsUnderTest {

    NetContextTcpTests() {
        super(NetProtocol.TCP);
    }


    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "::1" })
    void connectsBindsAcceptsAndEchoes(String ip) throws Exception {
        NetContext listener = listen(ip);
        NetContext client = connect(ip, listener);
        NetContext server = track(listener.accept());

        assertThat(listener.isListening()).isTrue();
        assertThat(server.protocol()).isEqualTo(NetProtocol.TCP);
        assertThat(server.remoteAddress()).isEqualTo(client.localAddress());
        assertThat(((InetSocketAddress) server.remoteAddress()).getAddress().getAddress())
            .hasSize(ip.contains(":") ? 16 : 4);
        assertThat(client.send("hello".getBytes(StandardCharsets.US_ASCII))).isEqualTo(5);
        byte[] buf = new byte[16];
        int n = server.recv(buf);
        assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(server.send(ByteBuffer.wrap(buf, 0, n))).isEqualTo(5);
        assertThat(client.recv(ByteBuffer.allocateDirect(16), 5_000)).isEqualTo(5);
    }

    @Test
    void bindsEveryInterfaceWhenNoAddressIsGiven() throws Exception {
        NetContext listener = listen(null);
        assertThat(((InetSocketAddress) listener.localAddress()).getAddress().isAnyLocalAddress()).isTrue();
        connect("127.0.0.1", listener);
        connect("::1", listener);
        assertThat(track(listener.accept()).isOpen()).isTrue();
        assertThat(track(listener.accept()).isOpen()).isTrue();
    }

    @Test
    void triesEachAddressInTurnAndReportsTheLastFailure() throws Exception {
        NetContext listener = listen("::1");
        int port = portOf(listener);
        NetContext client = track(new NetContext());
        client.connect(new InetAddress[] { InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1") }, port,
                NetProtocol.TCP, 2_000);
        assertThat(client.remoteAddress()).isEqualTo(new InetSocketAddress("::1", port));

        listener.close();
        NetException failure = assertNetError(NetError.CONNECT_FAILED, () -> track(new NetContext()).connect(
                new InetAddress[] { InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1") }, port,
                NetProtocol.TCP, 2_000));
        assertThat(failure).hasMessageContaining("[::1]:" + port);
    }

    @Test
    void reportsConnectFailedWhenNobodyListens() throws Exception {
        NetContext listener = listen("127.0.0.1");
        int port = portOf(listener);
        listener.close();
        NetException failure = assertNetError(NetError.CONNECT_FAILED,
                () -> track(new NetContext()).connect("127.0.0.1", port, NetProtocol.TCP));
        assertThat(failure).hasMessageStartingWith("CONNECT_FAILED (-0x0044): 127.0.0.1:" + port);
    }

    @Test
    void connectTimesOutWhenTheListenerDropsConnections() throws Exception {
        NetContext listener = track(new NetContext());
        listener.bind("127.0.0.1", 0, NetProtocol.TCP, 1);
        // never accepted: once the accept queue is full, the kernel drops further SYNs
        NetException timedOut = null;
        for (int i = 0; i < 16 && timedOut == null; i++) {
            NetContext client = track(new NetContext());
            try {
                client.connect("127.0.0.1", portOf(listener), NetProtocol.TCP, 200);
            }
            catch (NetException ex) {
                timedOut = ex;
            }
        }
        assertThat(timedOut).isNotNull();
        assertThat(timedOut.error()).isEqualTo(NetError.CONNECT_FAILED);
        assertThat(timedOut).hasMessageContaining("timed out after 200 ms");
    }

    @Test
    void reportsUnknownHost() {
        assertNetError(NetError.UNKNOWN_HOST,
                () -> track(new NetContext()).connect("nonexistent.invalid", 4442, NetProtocol.TCP));
        assertNetError(NetError.UNKNOWN_HOST, () -> track(new NetContext()).bind("nonexistent.invalid", 0, NetProtocol.TCP));
    }

    @Test
    void rejectsBadInput() throws Exception {
        assertNetError(NetError.BAD_INPUT_DATA, () -> new NetContext().connect(null, 4442, NetProtocol.TCP));
        assertNetError(NetError.BAD_INPUT_DATA, () -> new NetContext().connect("127.0.0.1", 0, NetProtocol.TCP));
        assertNetError(NetError.BAD_INPUT_DATA, () -> new NetContext().connect("127.0.0.1", 65_536, NetProtocol.TCP));
        assertNetError(NetError.BAD_INPUT_DATA, () -> new NetContext().connect("127.0.0.1", 4442, null));
        assertNetError(NetError.BAD_INPUT_DATA, () -> new NetContext().connect("127.0.0.1", 4442, NetProtocol.TCP, -1));
        assertNetError(NetError.BAD_INPUT_DATA, () -> new NetContext().bind(null, -1, NetProtocol.TCP));
        assertNetError(NetError.BAD_INPUT_DATA, () -> new NetContext().bind(null, 0, NetProtocol.TCP, 0));
        NetContext listener = listen("127.0.0.1");
        assertNetError(NetError.BAD_INPUT_DATA, () -> listener.bind("127.0.0.1", 0, NetProtocol.TCP));
        NetContext client = connect("127.0.0.1", listener);
        assertNetError(NetError.BAD_INPUT_DATA, () -> client.poll(null, 0));
        assertNetError(NetError.BAD_INPUT_DATA, () -> client.poll(Set.of(), 0));
        assertNetError(NetError.BAD_INPUT_DATA, () -> client.recv(ByteBuffer.allocate(1), -1));
        assertNetError(NetError.BAD_INPUT_DATA, () -> listener.setNoDelay(true));
    }

    @Test
    void reportsBindFailedWhenThePortIsTaken() throws Exception {
        // SO_REUSEADDR does not let a second listener share a listening port
        NetContext first = listen("127.0.0.1");
        assertNetError(NetError.BIND_FAILED, () -> track(new NetContext()).bind("127.0.0.1", portOf(first), NetProtocol.TCP));
    }

    @Test
    void emptyAndClosedContextsAreInvalid() throws Exception {
        NetContext empty = new NetContext();
        assertThat(empty.protocol()).isNull();
        assertThat(empty.isOpen()).isFalse();
        assertThat(empty.localAddress()).isNull();
        assertThat(empty.remoteAddress()).isNull();
        assertInvalid(empty);

        NetContext listener = listen("127.0.0.1");
        NetContext client = connect("127.0.0.1", listener);
        SocketAddressSnapshot before = new SocketAddressSnapshot(client);
        client.close();
        assertThat(client.isOpen()).isFalse();
        assertThat(new SocketAddressSnapshot(client)).isEqualTo(before);
        assertInvalid(client);
        assertNetError(NetError.BAD_INPUT_DATA, () -> client.connect("127.0.0.1", portOf(listener), NetProtocol.TCP));
    }

    private static void assertInvalid(NetContext context) {
        assertNetError(NetError.INVALID_CONTEXT, () -> context.recv(new byte[1]));
        assertNetError(NetError.INVALID_CONTEXT, () -> context.recv(new byte[1], 0, 1, 10));
        assertNetError(NetError.INVALID_CONTEXT, () -> context.send(new byte[1]));
        assertNetError(NetError.INVALID_CONTEXT, context::accept);
        assertNetError(NetError.INVALID_CONTEXT, () -> context.poll(EnumSet.of(PollEvent.READ), 0));
        assertNetError(NetError.INVALID_CONTEXT, context::setNonBlocking);
        assertNetError(NetError.INVALID_CONTEXT, context::setBlocking);
    }

    private record SocketAddressSnapshot(Object local, Object remote) {

        SocketAddressSnapshot(NetContext context) {
            this(context.localAddress(), context.remoteAddress());
        }
    }

    @Test
    void recvReturnsZeroWhenThePeerCloses() throws Exception {
        NetContext listener = listen("127.0.0.1");
        NetContext client = connect("127.0.0.1", listener);
        NetContext server = track(listener.accept());
        client.send(new byte[] { 1, 2, 3 });
        client.free();
        byte[] buf = new byte[8];
        assertThat(server.recv(buf)).isEqualTo(3);
        assertThat(server.recv(buf)).isZero();
    }

    @Test
    void aHalfCloseEndsThePeersReadsAndStillReceives() throws Exception {
        NetContext listener = listen("127.0.0.1");
        NetContext client = connect("127.0.0.1", listener);
        NetContext server = track(listener.accept());
        server.send(new byte[] { 1, 2 });
        server.shutdownOutput();
        byte[] buf = new byte[8];
        assertThat(client.recv(buf, 0, buf.length, 5_000)).isEqualTo(2);
        assertThat(client.recv(buf, 0, buf.length, 5_000)).isZero();
        client.send(new byte[] { 3, 4, 5 });
        assertThat(server.recv(buf, 0, buf.length, 5_000)).isEqualTo(3);
        assertNetError(NetError.BAD_INPUT_DATA, listener::shutdownOutput);
    }

    @Test
    void abortResetsTheConnectionSoThatThePeerSeesConnReset() throws Exception {
        NetContext listener = listen("127.0.0.1");
        NetContext client = connect("127.0.0.1", listener);
        NetContext server = track(listener.accept());
        server.abort();
        server.abort();
        assertThat(server.isOpen()).isFalse();
        assertNetError(NetError.CONN_RESET, () -> client.recv(ByteBuffer.allocate(8), 5_000));
        NetContext udp = track(new NetContext());
        udp.bind("127.0.0.1", 0, NetProtocol.UDP);
        udp.abort();
        assertThat(udp.isOpen()).as("a context without a connection is just closed").isFalse();
    }

    @Test
    void recvReportsConnResetWhenThePeerResets() throws Exception {
        NetContext server = acceptedFromAPeerThatReset();
        assertNetError(NetError.CONN_RESET, () -> server.recv(new byte[8]));
    }

    @Test
    void sendReportsConnResetWhenThePeerIsGone() throws Exception {
        NetContext server = acceptedFromAPeerThatReset();
        NetException failure = assertThatExceptionOfType(NetException.class).isThrownBy(() -> {
            for (int i = 0; i < 1_000; i++) {
                server.send(new byte[1024]);
            }
        }).actual();
        assertThat(failure.error()).isEqualTo(NetError.CONN_RESET);
    }

    /** The server side of a connection whose peer closed it with a reset (SO_LINGER 0). */
    private NetContext acceptedFromAPeerThatReset() throws Exception {
        NetContext listener = listen("127.0.0.1");
        try (Socket peer = new Socket("127.0.0.1", portOf(listener))) {
            NetContext server = track(listener.accept());
            peer.setSoLinger(true, 0);
            peer.close();
            return server;
        }
    }

    @Test
    void recvOnAListenerFails() throws Exception {
        NetContext listener = listen("127.0.0.1");
        assertNetError(NetError.RECV_FAILED, () -> listener.recv(new byte[1]));
        assertNetError(NetError.SEND_FAILED, () -> listener.send(new byte[1]));
        NetContext client = connect("127.0.0.1", listener);
        assertNetError(NetError.ACCEPT_FAILED, client::accept);
    }

    @Test
    void nonBlockingCallsReportWantReadAndWantWrite() throws Exception {
        NetContext listener = listen("127.0.0.1");
        listener.setNonBlocking();
        assertThat(listener.isBlocking()).isFalse();
        assertNetError(NetError.WANT_READ, listener::accept);

        NetContext client = connect("127.0.0.1", listener);
        assertThat(listener.poll(EnumSet.of(PollEvent.READ), 5_000)).containsExactly(PollEvent.READ);
        NetContext server = track(listener.accept());
        assertThat(server.isBlocking()).as("accepted contexts start blocking").isTrue();
        server.setNonBlocking();
        assertThat(server.recv(new byte[8])).isEqualTo(NetError.WANT_READ.code());

        client.setNonBlocking();
        byte[] chunk = new byte[64 * 1024];
        long written = 0;
        int result = 0;
        while (written < 256L * 1024 * 1024 && (result = client.send(chunk)) > 0) {
            written += result;
        }
        assertThat(result).isEqualTo(NetError.WANT_WRITE.code());
        assertThat(client.poll(EnumSet.of(PollEvent.WRITE), 0)).isEmpty();

        server.setBlocking();
        assertThat(server.isBlocking()).isTrue();
        assertThat(server.recv(new byte[8])).isEqualTo(8);
    }

    @Test
    void recvTimeoutReportsTimeoutWhenNothingComes() throws Exception {
        NetContext listener = listen("127.0.0.1");
        NetContext client = connect("127.0.0.1", listener);
        NetContext server = track(listener.accept());
        long start = System.nanoTime();
        assertThat(server.recv(new byte[8], 0, 8, 100)).isEqualTo(NetError.TIMEOUT.code());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));

        server.setNonBlocking();
        assertThat(server.recv(ByteBuffer.allocate(8), 50)).isEqualTo(NetError.TIMEOUT.code());
        client.send(new byte[] { 7 });
        assertThat(server.recv(ByteBuffer.allocate(8), 5_000)).isEqualTo(1);
    }

    @Test
    void recvTimeoutZeroWaitsForEver() throws Exception {
        NetContext listener = listen("127.0.0.1");
        NetContext client = connect("127.0.0.1", listener);
        NetContext server = track(listener.accept());
        for (boolean blocking : new boolean[] { true, false }) {
            if (!blocking) {
                server.setNonBlocking();
            }
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.recv(ByteBuffer.allocate(8), 0);
                }
                catch (NetException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> read.get(300, TimeUnit.MILLISECONDS));
            client.send(new byte[] { 1, 2 });
            assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo(2);
        }
    }

    @Test
    void pollWithTimeoutZeroDoesNotWait() throws Exception {
        NetContext listener = listen("127.0.0.1");
        NetContext client = connect("127.0.0.1", listener);
        NetContext server = track(listener.accept());
        long start = System.nanoTime();
        assertThat(server.poll(EnumSet.of(PollEvent.READ), 0)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(server.poll(EnumSet.of(PollEvent.READ, PollEvent.WRITE), 0)).containsExactly(PollEvent.WRITE);
        assertThat(server.poll(EnumSet.of(PollEvent.READ), 50)).isEmpty();

        client.send(new byte[] { 1 });
        assertThat(server.poll(EnumSet.of(PollEvent.READ), -1)).containsExactly(PollEvent.READ);
        assertThat(server.isBlocking()).as("poll leaves the mode as it was").isTrue();
        assertThat(server.recv(new byte[4])).isEqualTo(1);
    }

    @Test
    void closeFromAnotherThreadEndsABlockedRecv() throws Exception {
        NetContext listener = listen("127.0.0.1");
        connect("127.0.0.1", listener);
        NetContext server = track(listener.accept());
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return server.recv(new byte[8]);
            }
            catch (NetException ex) {
                throw new IllegalStateException(ex);
            }
        });
        assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> read.get(200, TimeUnit.MILLISECONDS));
        server.close();
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> read.get(5, TimeUnit.SECONDS))
            .havingRootCause()
            .isInstanceOf(java.nio.channels.AsynchronousCloseException.class);
        assertThat(read.handle((n, ex) -> ((NetException) ex.getCause().getCause()).error()).get())
            .isEqualTo(NetError.INVALID_CONTEXT);
    }

    @Test
    void closeAndFreeAreIdempotent() throws Exception {
        NetContext listener = listen("127.0.0.1");
        NetContext client = connect("127.0.0.1", listener);
        NetContext server = track(listener.accept());
        server.free();
        server.free();
        server.close();
        client.close();
        client.close();
        client.free();
        listener.close();
        listener.free();
        assertThat(server.isOpen()).isFalse();
        assertThat(client.isOpen()).isFalse();
        assertThat(listener.isOpen()).isFalse();
        assertThat(server.toString()).startsWith("NetContext[closed TCP 127.0.0.1:");
    }

    @Test
    void usleepSleeps() {
        long start = System.nanoTime();
        NetContext.usleep(20_000);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(19));
        NetContext.usleep(-1);
    }

    @Test
    void formatsAddressesAsHostAndPort() {
        assertThat(NetContext.format(new InetSocketAddress("127.0.0.1", 4442))).isEqualTo("127.0.0.1:4442");
        assertThat(NetContext.format(new InetSocketAddress("::1", 4442))).isEqualTo("[::1]:4442");
        assertThat(NetContext.format(null)).isEqualTo("null");
    }
}
