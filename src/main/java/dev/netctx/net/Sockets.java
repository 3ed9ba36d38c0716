package dev.netctx.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;

import org.jspecify.annotations.Nullable;

/**
 * What every transport does the same way: open a channel of the right address family, close it
 * quietly, resolve a host, and turn a JDK failure into the mbed TLS error it stands for.
 */
final class Sockets {

    private Sockets() {
    }

    /** Opens a channel of a given protocol family ({@code null}: the JDK's default). */
    @FunctionalInterface
    interface Opener<C extends SelectableChannel> {

        C open(@Nullable ProtocolFamily family) throws IOException;
    }

    /**
     * Opens a channel for {@code address}: IPv4 ({@code StandardProtocolFamily.INET}) for an IPv4
     * address, {@code 0.0.0.0} included, so that it never accepts IPv6; IPv6 for an IPv6 address
     * ({@code ::} is dual-stack, as Java opens it); the JDK's default (dual-stack where the system has
     * IPv6) for {@code null}, every interface.
     * @throws NetException {@code SOCKET_FAILED}
     */
    static <C extends SelectableChannel> C open(Opener<C> opener, @Nullable InetAddress address) throws NetException {
        try {
            return opener.open(familyOf(address));
        }
        catch (IOException | UnsupportedOperationException ex) {
            throw new NetException(NetError.SOCKET_FAILED, String.valueOf(ex.getMessage()), ex);
        }
    }

    /** {@code address:port}; the wildcard for a {@code null} address. */
    static InetSocketAddress local(@Nullable InetAddress address, int port) {
        return (address == null) ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
    }

    private static @Nullable ProtocolFamily familyOf(@Nullable InetAddress address) {
        if (address == null) {
            return null;
        }
        return (address instanceof Inet4Address) ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    /** Closes {@code resource}, if any; closing is best effort, the descriptor is released either way. */
    static void closeQuietly(@Nullable Closeable resource) {
        if (resource != null) {
            try {
                resource.close();
            }
            catch (IOException ex) {
                // nothing left to release
            }
        }
    }

    /**
     * Every address of {@code host}, IPv6 and IPv4.
     * @throws NetException {@code UNKNOWN_HOST}
     */
    static InetAddress[] resolve(String host) throws NetException {
        try {
            return InetAddress.getAllByName(host);
        }
        catch (UnknownHostException | SecurityException ex) {
            throw new NetException(NetError.UNKNOWN_HOST, host, ex);
        }
    }

    /**
     * What a failed receive returns: {@link NetError#TIMEOUT}'s code when a timed receive timed out;
     * otherwise it throws the error {@link #failure} gives, {@code RECV_FAILED} if none more precise.
     */
    static int recvFailure(Throwable ex) throws NetException {
        if (ex instanceof SocketTimeoutException) {
            return NetError.TIMEOUT.code();
        }
        throw failure(ex, NetError.RECV_FAILED);
    }

    /**
     * The mbed TLS error of a JDK failure: a closed channel is {@code INVALID_CONTEXT} (it was closed
     * meanwhile), a reset or broken pipe {@code CONN_RESET}, anything else {@code otherwise}.
     */
    static NetException failure(Throwable ex, NetError otherwise) {
        if (ex instanceof NetException netEx) {
            return netEx;
        }
        String message = (ex instanceof PortUnreachableException) ? "Connection refused (ICMP port unreachable)"
                : String.valueOf(ex.getMessage());
        if (ex instanceof AsynchronousCloseException || ex instanceof ClosedChannelException) {
            if (ex instanceof ClosedByInterruptException) {
                return new NetException(otherwise, "interrupted", ex);
            }
            return new NetException(NetError.INVALID_CONTEXT, "context closed", ex);
        }
        if (message.contains("Connection reset") || message.contains("Broken pipe")) {
            return new NetException(NetError.CONN_RESET, message, ex);
        }
        return new NetException(otherwise, message, ex);
    }
}
