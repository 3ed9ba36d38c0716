package dev.netctx.echo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import dev.netctx.context.NetworkRange;
import org.jspecify.annotations.Nullable;

/**
 * What one listener's {@code proxy-protocol} setting asks of a new connection or UDP peer, by its
 * source: a {@code required} listener refuses sources outside {@code netctx.proxy-protocol.trusted-proxies}
 * outright; otherwise a TCP session starts with a {@link ProxyHeaderStage} and a UDP session takes
 * each datagram's header off with {@link ProxiedDatagrams}.
 *
 * <p>A trusted proxy carries everyone's traffic, so the limits per source apply to the clients it
 * announces, not to it: its connections take no slot of {@code max-connections-per-source} until
 * their header names the client (whose slot they then take), and the UDP reply rate limit counts each
 * announced client. {@code max-connections} bounds all sessions as before.
 */
final class ProxyProtocolPolicy {

    private final ProxyProtocolMode mode;

    private final List<NetworkRange> trustedProxies;

    private final long headerTimeoutNanos;

    ProxyProtocolPolicy(ProxyProtocolMode mode, List<NetworkRange> trustedProxies, long headerTimeoutNanos) {
        this.mode = mode;
        this.trustedProxies = List.copyOf(trustedProxies);
        this.headerTimeoutNanos = headerTimeoutNanos;
    }

    /** Whether a new connection or peer from {@code source} is refused at once: a required listener, an untrusted source. */
    boolean refuses(InetAddress source) {
        return this.mode == ProxyProtocolMode.REQUIRED && !trusts(source);
    }

    /** Whether {@code source} is a trusted proxy of a listener that takes headers: it speaks for the clients it announces. */
    boolean relays(InetAddress source) {
        return this.mode != ProxyProtocolMode.OFF && trusts(source);
    }

    /** The stage that takes the header off a new TCP connection from {@code peer}; {@code null} when the listener takes none. */
    @Nullable ProxyHeaderStage stage(InetSocketAddress peer, SourceSlots slots) {
        return (this.mode == ProxyProtocolMode.OFF) ? null : new ProxyHeaderStage(peer, trusts(peer.getAddress()),
                this.mode == ProxyProtocolMode.REQUIRED, this.headerTimeoutNanos, slots);
    }

    /** What takes the headers off the datagrams of a new UDP peer; {@code null} when the listener takes none. */
    @Nullable ProxiedDatagrams datagrams(InetSocketAddress peer, DatagramPolicy policy) {
        return (this.mode == ProxyProtocolMode.OFF) ? null : new ProxiedDatagrams(peer, trusts(peer.getAddress()),
                this.mode == ProxyProtocolMode.REQUIRED, policy);
    }

    private boolean trusts(InetAddress source) {
        for (NetworkRange range : this.trustedProxies) {
            if (range.contains(source)) {
                return true;
            }
        }
        return false;
    }
}
