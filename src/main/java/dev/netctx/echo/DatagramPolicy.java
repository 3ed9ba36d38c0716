package dev.netctx.echo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import dev.netctx.context.DropReason;
import dev.netctx.context.NetworkRange;
import org.jspecify.annotations.Nullable;

/**
 * What a UDP echo listener answers, so that it cannot serve as a reflector: an echo is never larger
 * than its datagram (sessions send back exactly what they received); datagrams from a source port
 * below {@code min-source-port} (echo, chargen and other services that would answer back: the
 * echo-chargen loop) are dropped; replies to each source address are limited by a
 * {@link SourceRateLimiter}, except for trusted networks (loopback by default).
 *
 * <p>{@link #refusal} runs on the first datagram of a new peer, before a session exists for it, so a
 * spoofed flood creates no sessions; the session then checks each further datagram with the limiter
 * of {@link #limiterFor}. TCP listeners have no policy: their path has no check at all.
 */
final class DatagramPolicy {

    private final int minSourcePort;

    private final List<NetworkRange> trusted;

    private final @Nullable SourceRateLimiter limiter;

    /**
     * @param minSourcePort the lowest source port answered
     * @param trusted networks exempt from the rate limit
     * @param limiter the rate limit, or {@code null} for none
     */
    DatagramPolicy(int minSourcePort, List<NetworkRange> trusted, @Nullable SourceRateLimiter limiter) {
        this.minSourcePort = minSourcePort;
        this.trusted = List.copyOf(trusted);
        this.limiter = limiter;
    }

    /**
     * Why the first datagram of the new peer {@code source} is dropped, or {@code null} if a session
     * may answer it (which takes one token of the source's rate).
     */
    @Nullable DropReason refusal(InetSocketAddress source, long nowNanos) {
        if (portRefusal(source) != null) {
            return DropReason.SOURCE_PORT;
        }
        SourceRateLimiter limit = limiterFor(source.getAddress());
        return (limit != null && !limit.tryAcquire(source.getAddress(), nowNanos)) ? DropReason.RATE_LIMIT : null;
    }

    /**
     * Why the new peer {@code source} is not answered for its port ({@code min-source-port}), or
     * {@code null}: the check of {@link #refusal} without the rate, for a proxy whose clients are
     * limited one by one ({@link ProxiedDatagrams}).
     */
    @Nullable DropReason portRefusal(InetSocketAddress source) {
        return (source.getPort() < this.minSourcePort) ? DropReason.SOURCE_PORT : null;
    }

    /** The limiter of every datagram from {@code source}; {@code null} when there is no limit or the source is trusted. */
    @Nullable SourceRateLimiter limiterFor(InetAddress source) {
        return (this.limiter == null || trusts(source)) ? null : this.limiter;
    }

    /** Whether {@code source} is in {@code netctx.trusted-networks}. */
    boolean trusts(InetAddress source) {
        for (NetworkRange range : this.trusted) {
            if (range.contains(source)) {
                return true;
            }
        }
        return false;
    }
}
