package dev.netctx.context;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import dev.netctx.net.NetContext;
import org.jspecify.annotations.Nullable;

/**
 * Who a {@link TrackedContext} talks to: its peer as {@code host:port} and as an address, and the
 * proxy in between once a PROXY protocol header announced the client it relays. All {@code null}
 * for a listener; replaced as a whole when a client is announced, so readers see one consistent peer.
 * @param remote the peer (the client behind a proxy, once announced) as {@code host:port}
 * @param address the peer's address
 * @param proxy the connection's own peer as {@code host:port} when it is a proxy, else {@code null}
 */
record ContextPeer(@Nullable String remote, @Nullable InetSocketAddress address, @Nullable String proxy) {

    /** The peer of a context whose remote address is {@code remote} ({@code null} for a listener). */
    static ContextPeer of(@Nullable SocketAddress remote) {
        return new ContextPeer((remote != null) ? NetContext.format(remote) : null,
                (remote instanceof InetSocketAddress inet) ? inet : null, null);
    }

    /** This peer after a proxy announced {@code client}: the client is the remote, the first peer the proxy. */
    ContextPeer announced(InetSocketAddress client) {
        return new ContextPeer(NetContext.format(client), client, (this.proxy == null) ? this.remote : this.proxy);
    }

    /** {@code " <- remote via proxy"}, the parts there are, for a log line. */
    String describe() {
        String peer = (this.remote != null) ? " <- " + this.remote : "";
        return peer + ((this.proxy != null) ? " via " + this.proxy : "");
    }
}
