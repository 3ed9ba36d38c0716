package dev.netctx.echo;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import dev.netctx.context.RefusalReason;
import dev.netctx.context.TrackedContext;
import dev.netctx.net.NetContext;
import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import dev.netctx.proxy.ProxyHeader;
import dev.netctx.proxy.ProxyHeaderReader;
import dev.netctx.proxy.ProxyProtocolException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The start of a TCP session on a listener with a {@code proxy-protocol}: reads, on the session's
 * event loop and without blocking it, until the PROXY protocol header is whole, then hands over
 * whatever was read beyond it (the client's first bytes, nothing lost). The header itself is never
 * echoed. A trusted proxy's header makes the client it announces the session's remote; a
 * {@code LOCAL} one (a health check) leaves the proxy as the peer. A missing or malformed header on a
 * {@code required} listener, a header from an untrusted source, or one that is not whole within
 * {@code header-timeout} ends the session as refused, counted by its reason.
 */
final class ProxyHeaderStage {

    private static final Log logger = LogFactory.getLog(ProxyHeaderStage.class);

    private final ProxyHeaderReader reader = new ProxyHeaderReader();

    private final InetSocketAddress peer;

    private final boolean trusted;

    private final boolean required;

    private final long timeoutNanos;

    private final SourceSlots slots;

    /** Since when a header is awaited ({@link System#nanoTime()}), or {@code 0} while none is (an optional listener before the first byte). */
    private volatile long awaitedSinceNanos;

    ProxyHeaderStage(InetSocketAddress peer, boolean trusted, boolean required, long timeoutNanos, SourceSlots slots) {
        this.peer = peer;
        this.trusted = trusted;
        this.required = required;
        this.timeoutNanos = timeoutNanos;
        this.slots = slots;
        this.awaitedSinceNanos = required ? System.nanoTime() : 0;
    }

    /**
     * Reads what the socket has, at most {@code limit} bytes into {@code buffer}.
     * @return the bytes read beyond the header, for the session to serve (in {@code buffer} or a
     * buffer of their own; possibly none), once the stage is over; {@code null} while the header is
     * incomplete or when the session was ended
     */
    @Nullable ByteBuffer read(TrackedContext context, ByteBuffer buffer, int limit, EchoSession session) throws NetException {
        buffer.clear().limit(limit);
        int read = context.recv(buffer);
        if (read == NetError.WANT_READ.code()) {
            return null;
        }
        int heldBefore = this.reader.heldLength();
        if (read == 0) {
            if (heldBefore == 0) {
                session.close("peer closed");
            }
            else {
                session.refuse(refusal(), "closed after " + heldBefore + " bytes of a PROXY protocol header");
            }
            return null;
        }
        buffer.flip();
        ProxyHeader header;
        try {
            header = this.reader.read(buffer);
        }
        catch (ProxyProtocolException ex) {
            session.refuse(refusal(), ex.getMessage());
            return null;
        }
        if (!this.trusted && this.reader.signatureSeen()) {
            session.refuse(RefusalReason.UNTRUSTED_PROXY, "a PROXY protocol header from " + NetContext.format(this.peer)
                    + ", which is not in netctx.proxy-protocol.trusted-proxies");
            return null;
        }
        if (header != null) {
            return accepted(header, context, session) ? buffer : null;
        }
        if (!this.reader.absent()) {
            if (this.awaitedSinceNanos == 0) {
                this.awaitedSinceNanos = System.nanoTime();
            }
            return null;
        }
        if (this.required) {
            session.refuse(RefusalReason.PROXY_HEADER, "the connection did not start with a PROXY protocol header");
            return null;
        }
        this.awaitedSinceNanos = 0;
        return clientBytes(buffer, this.reader.heldLength() - heldBefore);
    }

    /** On an optional listener, a connection without a header: all it sent so far is its own. */
    private ByteBuffer clientBytes(ByteBuffer buffer, int heldNow) {
        if (heldNow == this.reader.heldLength()) {
            return buffer.position(buffer.position() - heldNow);   // all of them came with this read
        }
        ByteBuffer held = this.reader.held();
        return ByteBuffer.allocate(held.remaining() + buffer.remaining()).put(held).put(buffer).flip();
    }

    /** Records the client the header announces, in its own slot of max-connections-per-source; {@code false} if it was refused. */
    private boolean accepted(ProxyHeader header, TrackedContext context, EchoSession session) {
        this.awaitedSinceNanos = 0;
        InetSocketAddress client = header.source();
        if (client == null) {
            if (logger.isDebugEnabled()) {
                logger.debug(context + " is the proxy's own connection (PROXY v" + header.version() + " without a client)");
            }
            return true;
        }
        SourceSlots.Slot slot = this.slots.acquire(client.getAddress());
        if (slot == null) {
            session.refuse(RefusalReason.MAX_CONNECTIONS_PER_SOURCE, NetContext.format(client) + " through proxy "
                    + NetContext.format(this.peer) + " has as many sessions open as one source may");
            return false;
        }
        context.announced(client);
        session.moveSlot(slot);
        if (logger.isDebugEnabled()) {
            logger.debug(context + " relays a client (PROXY v" + header.version() + ")");
        }
        return true;
    }

    private RefusalReason refusal() {
        return this.trusted ? RefusalReason.PROXY_HEADER : RefusalReason.UNTRUSTED_PROXY;
    }

    /** Whether a header has been awaited for longer than the timeout (read from the idle reaper's thread). */
    boolean overdue(long nowNanos) {
        long since = this.awaitedSinceNanos;
        return since != 0 && nowNanos - since >= this.timeoutNanos;
    }

    /** The timeout, for the reason of a refusal. */
    String timeout() {
        return "no whole PROXY protocol header within " + (this.timeoutNanos / 1_000_000) + " ms";
    }
}
