package dev.netctx.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/** The transport of an empty context ({@code mbedtls_net_init}): nothing is open, every I/O call is invalid. */
final class EmptyTransport extends Transport {

    static final EmptyTransport INSTANCE = new EmptyTransport();

    private EmptyTransport() {
    }

    @Override
    @Nullable NetProtocol protocol() {
        return null;
    }

    @Override
    @Nullable SocketAddress localAddress() {
        return null;
    }

    @Override
    boolean isOpen() {
        return false;
    }

    @Override
    boolean isBlocking() {
        return true;
    }

    @Override
    void configureBlocking(boolean block) throws NetException {
        throw invalid();
    }

    @Override
    int recv(ByteBuffer buf) throws NetException {
        throw invalid();
    }

    @Override
    int recv(ByteBuffer buf, long timeoutMillis) throws NetException {
        throw invalid();
    }

    @Override
    int send(ByteBuffer buf) throws NetException {
        throw invalid();
    }

    @Override
    Set<PollEvent> poll(Set<PollEvent> interest, long timeoutMillis) throws NetException {
        throw invalid();
    }

    @Override
    void close() {
        // nothing is open
    }

    private static NetException invalid() {
        return new NetException(NetError.INVALID_CONTEXT, "context not connected or bound");
    }
}
