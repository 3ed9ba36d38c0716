package dev.netctx.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * How {@link NetContext#connect} and {@link NetContext#bind} make a transport, as mbed TLS's
 * {@code mbedtls_net_connect} and {@code mbedtls_net_bind} do: every address that the host or bind
 * address resolved to is tried in turn, and the last failure is reported when none works.
 */
final class Transports {

    private Transports() {
    }

    /** A connected {@link TcpStream} or {@link UdpConnected} to the first candidate that takes it. */
    static Transport connect(InetAddress[] candidates, int port, NetProtocol proto, int connectTimeoutMillis) throws NetException {
        NetException last = null;
        for (InetAddress address : candidates) {
            InetSocketAddress target = new InetSocketAddress(address, port);
            try {
                return (proto == NetProtocol.TCP) ? TcpStream.connect(target, connectTimeoutMillis) : UdpConnected.connect(target);
            }
            catch (NetException ex) {
                last = ex;
            }
        }
        throw (last != null) ? last : new NetException(NetError.UNKNOWN_HOST, "no address to connect to");
    }

    /**
     * A {@link TcpAcceptor} or {@link UdpListener} bound to the first candidate that takes it
     * ({@code null} among them: every interface).
     */
    static Transport bind(@Nullable InetAddress[] candidates, int port, NetProtocol proto, int backlog) throws NetException {
        NetException last = null;
        for (InetAddress address : candidates) {
            try {
                return (proto == NetProtocol.TCP) ? TcpAcceptor.bind(address, port, backlog) : UdpListener.bind(address, port);
            }
            catch (NetException ex) {
                last = ex;
            }
        }
        throw (last != null) ? last : new NetException(NetError.UNKNOWN_HOST, "no address to bind");
    }
}
