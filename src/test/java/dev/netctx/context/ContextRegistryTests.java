package dev.netctx.context;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.netctx.net.NetContext;
import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import dev.netctx.net.NetProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@link NetContextFactory} and {@link ContextRegistry} on real loopback sockets, without Spring. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ContextRegistryTests {

    private final List<Object> events = new CopyOnWriteArrayList<>();

    private final ContextRegistry registry = new ContextRegistry(this.events::add);

    private final NetContextFactory factory = new NetContextFactory(this.registry);

    @AfterEach
    void closeAll() {
        this.registry.contexts().forEach(info -> this.registry.close(info.id()));
    }

    @Test
    void publishesAListenerStartedAndEachContextOpenedAndClosed() throws IOException {
        TrackedContext listener = this.factory.listen("echo", NetProtocol.TCP, "127.0.0.1", 0);
        ListenerStats stats = this.registry.listener("echo").orElseThrow();
        try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), stats.port())) {
            TrackedContext session = this.factory.session(listener, listener.accept());
            session.close("done");
        }
        assertThat(this.events).hasSize(4);
        ListenerStartedEvent started = (ListenerStartedEvent) this.events.get(1);
        assertThat(started.name()).isEqualTo("echo");
        assertThat(started.protocol()).isEqualTo(NetProtocol.TCP);
        assertThat(started.localAddress()).isEqualTo(stats.localAddress());
        assertThat(((ContextOpenedEvent) this.events.get(0)).context().role()).isEqualTo(ContextRole.LISTENER);
        assertThat(((ContextOpenedEvent) this.events.get(2)).context().role()).isEqualTo(ContextRole.SESSION);
        ContextClosedEvent closed = (ContextClosedEvent) this.events.get(3);
        assertThat(closed.reason()).isEqualTo("done");
        assertThat(closed.context().state()).isEqualTo(ContextState.CLOSED);
    }

    @Test
    void tracksListenerSessionAndClientWithTheirByteCounts() throws IOException {
        TrackedContext listener = this.factory.listen("echo", NetProtocol.TCP, "127.0.0.1", 0);
        ListenerStats stats = this.registry.listener("echo").orElseThrow();
        TrackedContext client = this.factory.connect("probe", "127.0.0.1", stats.port(), NetProtocol.TCP, 5_000);
        TrackedContext session = this.factory.session(listener, listener.accept());

        byte[] hello = "hello".getBytes();
        assertThat(client.send(ByteBuffer.wrap(hello))).isEqualTo(5);
        ByteBuffer buffer = ByteBuffer.allocate(64);
        int read = session.recv(buffer);
        assertThat(read).isPositive();
        buffer.flip();
        assertThat(session.send(buffer)).isEqualTo(read);

        assertThat(this.registry.contexts()).extracting(ContextInfo::role)
                .containsExactly(ContextRole.LISTENER, ContextRole.CLIENT, ContextRole.SESSION);
        ContextInfo sessionInfo = this.registry.find(session.id()).orElseThrow();
        assertThat(sessionInfo.bytesReceived()).isEqualTo(read);
        assertThat(sessionInfo.bytesSent()).isEqualTo(read);
        assertThat(sessionInfo.listener()).isEqualTo("echo");
        assertThat(sessionInfo.remote()).isEqualTo(this.registry.find(client.id()).orElseThrow().local());
        assertThat(this.registry.find(client.id()).orElseThrow().bytesSent()).isEqualTo(5);
        assertThat(this.registry.find(listener.id()).orElseThrow().state()).isEqualTo(ContextState.LISTENING);

        ListenerInfo info = stats.info();
        assertThat(info.accepting()).isTrue();
        assertThat(info.local()).isEqualTo("127.0.0.1:" + stats.port());
        assertThat(info.openSessions()).isEqualTo(1);
        assertThat(info.accepted()).isEqualTo(1);
        assertThat(info.bytesReceived()).isEqualTo(read);
        assertThat(info.bytesSent()).isEqualTo(read);
        assertThat(info.refused()).isEmpty();
        assertThat(info.errors()).isEmpty();

        session.close("done");
        assertThat(this.registry.find(session.id())).isEmpty();
        assertThat(stats.openSessions()).isZero();
        assertThat(stats.bytesReceived()).as("listener totals outlive the session").isEqualTo(read);
        assertThat(this.registry.openContexts()).isEqualTo(2);
    }

    @Test
    void closingFromAnotherThreadEndsABlockedRecvWithoutCountingAnError() throws Exception {
        TrackedContext listener = this.factory.listen("echo", NetProtocol.TCP, "127.0.0.1", 0);
        try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), listener.stats().port())) {
            TrackedContext session = this.factory.session(listener, listener.accept());
            CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> recv(session));
            assertThat(this.registry.close(session.id())).hasValueSatisfying(
                    info -> assertThat(info.state()).isEqualTo(ContextState.CLOSED));
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> blocked.get(20, TimeUnit.SECONDS))
                    .havingCause().isInstanceOfSatisfying(NetException.class,
                            ex -> assertThat(ex.error()).isEqualTo(NetError.INVALID_CONTEXT));
            assertThat(session.isClosed()).isTrue();
            assertThat(listener.stats().info().errors()).isEmpty();
        }
    }

    @Test
    void countsFailuresByError() throws IOException {
        TrackedContext listener = this.factory.listen("echo", NetProtocol.TCP, "127.0.0.1", 0);
        TrackedContext session;
        try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), listener.stats().port())) {
            session = this.factory.session(listener, listener.accept());
            peer.setSoLinger(true, 0);
        }
        assertThatExceptionOfType(NetException.class).isThrownBy(() -> session.recv(ByteBuffer.allocate(16)))
                .satisfies(ex -> assertThat(ex.error()).isEqualTo(NetError.CONN_RESET));
        assertThat(listener.stats().errors(NetError.CONN_RESET)).isEqualTo(1);
        assertThatExceptionOfType(NetException.class)
                .isThrownBy(() -> this.factory.listen("echo", NetProtocol.TCP, "127.0.0.1", listener.stats().port()));
        assertThat(listener.stats().info().errors()).containsEntry("CONN_RESET", 1L).containsEntry("BIND_FAILED", 1L);
    }

    @Test
    void refusedPeersAreClosedAndCountedByReason() throws IOException {
        TrackedContext listener = this.factory.listen("echo", NetProtocol.TCP, "127.0.0.1", 0);
        try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), listener.stats().port())) {
            peer.setSoTimeout(20_000);
            NetContext accepted = listener.accept();
            this.factory.refuse(listener, accepted, RefusalReason.MAX_CONNECTIONS);
            assertThat(accepted.isOpen()).isFalse();
            assertThat(peer.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(listener.stats().refused(RefusalReason.MAX_CONNECTIONS)).isEqualTo(1);
        assertThat(listener.stats().openSessions()).isZero();
        assertThat(listener.stats().accepted()).isZero();
    }

    @Test
    void closingAListenerStopsItAccepting() throws IOException {
        TrackedContext listener = this.factory.listen("echo", NetProtocol.UDP, "127.0.0.1", 0);
        ListenerStats stats = listener.stats();
        assertThat(stats.isAccepting()).isTrue();
        assertThat(this.registry.close(listener.id())).isPresent();
        assertThat(stats.isAccepting()).isFalse();
        assertThat(stats.port()).as("the port it was bound to").isPositive();
        assertThat(this.registry.close(listener.id())).isEmpty();
        assertThat(this.registry.listeners()).containsExactly(stats);
    }

    private static int recv(TrackedContext context) {
        try {
            return context.recv(ByteBuffer.allocate(16));
        }
        catch (NetException ex) {
            throw new CompletionException(ex);
        }
    }
}
