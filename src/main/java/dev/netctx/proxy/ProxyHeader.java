package dev.netctx.proxy;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * A PROXY protocol header, as received.
 * @param version 1 (text) or 2 (binary)
 * @param source the client the proxy relays, or {@code null} when the connection is the proxy's own
 * (v2 {@code LOCAL}, as for health checks; v1 {@code UNKNOWN}; a v2 family this side cannot represent
 * or does not specify): then the connection's own addresses hold
 * @param destination the address the client connected to on the proxy; {@code null} with {@code source}
 * @param authority the host name the client asked for (v2 {@code PP2_TYPE_AUTHORITY}, the TLS SNI), or {@code null}
 * @param tls whether the client connected to the proxy over TLS (v2 {@code PP2_TYPE_SSL})
 * @param length the header's size in bytes, as consumed
 */
public record ProxyHeader(int version, @Nullable InetSocketAddress source, @Nullable InetSocketAddress destination,
        @Nullable String authority, boolean tls, int length) {

    /** Whether the connection is the proxy's own ({@link #source()} is {@code null}). */
    public boolean local() {
        return this.source == null;
    }
}
