package dev.netctx.context;

import java.time.Instant;

import dev.netctx.net.NetProtocol;
import dev.netctx.tls.TlsSessionInfo;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one tracked context.
 * @param id the registry's identifier, increasing in the order contexts were opened
 * @param listener the name of the listener the context belongs to (for a client, the name it was opened with)
 * @param role what the context is for
 * @param protocol its transport
 * @param local the local address as {@code host:port} (IPv6 in brackets)
 * @param remote the peer's address as {@code host:port}, or {@code null} for a listener
 * @param openedAt when the context was opened
 * @param lastActivityAt when bytes last moved (for a listener: when it last accepted)
 * @param bytesReceived bytes received on this context
 * @param bytesSent bytes sent on this context
 * @param state its state when the snapshot was taken
 * @param rateIn bytes received per second over the last few seconds
 * @param rateOut bytes sent per second over the last few seconds
 * @param proxy the connection's own peer when it is a proxy that announced the client it relays (the
 * {@code remote}) in a PROXY protocol header, else {@code null}
 * @param tls what the TLS or DTLS handshake of the context agreed, or {@code null} for a plain context
 * (and for a TLS one until its handshake is done)
 */
public record ContextInfo(long id, String listener, ContextRole role, NetProtocol protocol, String local,
        @Nullable String remote, Instant openedAt, Instant lastActivityAt, long bytesReceived, long bytesSent,
        ContextState state, long rateIn, long rateOut, @Nullable String proxy, @Nullable TlsSessionInfo tls) {
}
