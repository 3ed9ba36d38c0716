package dev.netctx.echo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import dev.netctx.context.DropReason;
import dev.netctx.context.TrackedContext;
import dev.netctx.net.NetContext;
import dev.netctx.proxy.ProxyHeader;
import dev.netctx.proxy.ProxyHeaderReader;
import dev.netctx.proxy.ProxyProtocolException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The PROXY protocol on one UDP session, on its listener's thread: each datagram of a trusted proxy
 * starts with a whole v2 header, which is taken off before the echo (the reply goes to the proxy,
 * without a header). The client it announces becomes the session's remote, and the reply rate limit
 * counts that client. A datagram without a valid header where one is required, or with a header from
 * an untrusted source, is dropped and counted.
 */
final class ProxiedDatagrams {

    private static final Log logger = LogFactory.getLog(ProxiedDatagrams.class);

    private final InetSocketAddress peer;

    private final boolean trusted;

    private final boolean required;

    private final DatagramPolicy policy;

    ProxiedDatagrams(InetSocketAddress peer, boolean trusted, boolean required, DatagramPolicy policy) {
        this.peer = peer;
        this.trusted = trusted;
        this.required = required;
        this.policy = policy;
    }

    /**
     * Takes the header off {@code datagram} (its position moves past it) and says whether to echo the
     * rest; a datagram that is not echoed is counted as dropped for {@code context}.
     */
    boolean admit(ByteBuffer datagram, TrackedContext context, long nowNanos) {
        ProxyHeader header;
        try {
            header = ProxyHeaderReader.readDatagram(datagram);
        }
        catch (ProxyProtocolException ex) {
            return dropped(context, this.trusted ? DropReason.PROXY_HEADER : DropReason.UNTRUSTED_PROXY, ex.getMessage());
        }
        if (!this.trusted) {
            return header == null || dropped(context, DropReason.UNTRUSTED_PROXY, "a header from an untrusted source");
        }
        if (header == null && this.required) {
            return dropped(context, DropReason.PROXY_HEADER, "no PROXY protocol v2 header");
        }
        InetSocketAddress client = (header != null) ? header.source() : null;
        if (client != null && !client.equals(context.remoteAddress())) {
            context.announced(client);
        }
        InetAddress source = (client != null) ? client.getAddress() : this.peer.getAddress();
        SourceRateLimiter limiter = this.policy.limiterFor(source);
        return limiter == null || limiter.tryAcquire(source, nowNanos) || dropped(context, DropReason.RATE_LIMIT, null);
    }

    private boolean dropped(TrackedContext context, DropReason reason, @Nullable String detail) {
        context.dropped(reason);
        if (detail != null && logger.isDebugEnabled()) {
            logger.debug("Dropped a datagram of " + NetContext.format(this.peer) + " on " + context + ": " + detail);
        }
        return false;
    }
}
