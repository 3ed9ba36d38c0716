package dev.netctx.context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.netctx.logging.RateLimitedLog;
import dev.netctx.net.NetProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Tells the operator that a listener turns connections, peers or datagrams away, or cuts sessions to
 * protect the others: at most one warning per listener every {@link #INTERVAL 5 s} (a
 * {@link RateLimitedLog}), with how many since the previous line, why, and the property that decides it. For example: {@code Listener 'tcp' (tcp) refused 12 connections in the
 * last 5.0 s: max-connections 12; raise netctx.listeners.tcp.max-connections to admit more}.
 *
 * <p>A refusal costs one clock read and one atomic read here; a line is only built by the one thread
 * that wins the right to write it, at most once an interval.
 */
final class RefusalLog {

    private static final Log logger = LogFactory.getLog(RefusalLog.class);

    /** The least time between two lines of one listener. */
    static final Duration INTERVAL = Duration.ofSeconds(5);

    private final ListenerStats stats;

    private final RateLimitedLog log = new RateLimitedLog(logger, INTERVAL);

    private final Map<RefusalReason, Long> refusedAtLastLine = new EnumMap<>(RefusalReason.class);

    private final Map<DropReason, Long> droppedAtLastLine = new EnumMap<>(DropReason.class);

    private final Map<CutReason, Long> cutAtLastLine = new EnumMap<>(CutReason.class);

    RefusalLog(ListenerStats stats) {
        this.stats = stats;
    }

    /** Called after a refusal or a drop was counted: writes a line if none was written for an interval. */
    void turnedAway() {
        this.log.warnSince(this::line);
    }

    /** What was turned away since the previous line, {@code elapsedNanos} ago; {@code null} if nothing was. */
    private synchronized @Nullable String line(long elapsedNanos) {
        List<String> counts = new ArrayList<>();
        List<String> hints = new ArrayList<>();
        long refused = 0;
        for (RefusalReason reason : RefusalReason.values()) {
            long count = since(this.refusedAtLastLine, reason, this.stats.refused(reason));
            if (count > 0) {
                refused += count;
                counts.add(reason.tag() + " " + count);
                hints.add(hint(reason));
            }
        }
        long dropped = 0;
        for (DropReason reason : DropReason.values()) {
            long count = since(this.droppedAtLastLine, reason, this.stats.dropped(reason));
            if (count > 0) {
                dropped += count;
                counts.add(reason.tag() + " " + count);
                hints.add(hint(reason));
            }
        }
        long cut = 0;
        for (CutReason reason : CutReason.values()) {
            long count = since(this.cutAtLastLine, reason, this.stats.cut(reason));
            if (count > 0) {
                cut += count;
                counts.add(reason.tag() + " " + count);
                hints.add(hint(reason));
            }
        }
        if (refused + dropped + cut == 0) {
            return null;
        }
        String what = (refused > 0) ? "refused " + plural(refused, (this.stats.protocol() == NetProtocol.TCP) ? "connection" : "peer")
                : "";
        what += (refused > 0 && dropped > 0) ? " and " : "";
        what += (dropped > 0) ? "dropped " + plural(dropped, "datagram") : "";
        what += (!what.isEmpty() && cut > 0) ? " and " : "";
        what += (cut > 0) ? "cut " + plural(cut, "session") : "";
        return String.format(Locale.ROOT, "Listener '%s' (%s) %s in the last %.1f s: %s; %s", this.stats.name(),
                this.stats.protocol().id(), what, elapsedNanos / 1e9, String.join(", ", counts), String.join("; ", hints));
    }

    private static <E extends Enum<E>> long since(Map<E, Long> atLastLine, E reason, long total) {
        Long previous = atLastLine.put(reason, total);
        return total - ((previous != null) ? previous : 0);
    }

    private String hint(RefusalReason reason) {
        return switch (reason) {
            case MAX_CONNECTIONS -> "raise " + property("max-connections") + " to admit more";
            case MAX_CONNECTIONS_PER_SOURCE -> property("max-connections-per-source")
                    + " limits the sessions of each source address, netctx.trusted-networks exempts networks";
            case UNTRUSTED_PROXY, PROXY_HEADER, PROXY_HEADER_TIMEOUT -> proxyHint();
        };
    }

    private String hint(CutReason reason) {
        return switch (reason) {
            case UNSENT_LIMIT -> "their peers did not read their echo, and netctx.max-unsent was held by all sessions";
            case INTERNAL_ERROR -> "serving them failed unexpectedly (see the warnings of dev.netctx.echo)";
            case EVICTED -> "quiet UDP peers made room for new ones in a full session table";
            case HANDSHAKE_FAILED -> "their TLS handshake failed (peers that do not speak TLS, or reject its certificate)";
            case HANDSHAKE_TIMEOUT -> "their TLS handshake did not finish within " + property("ssl.handshake-timeout");
        };
    }

    private String hint(DropReason reason) {
        return switch (reason) {
            case SOURCE_PORT -> property("min-source-port") + " sets the lowest source port answered";
            case RATE_LIMIT -> property("udp-rate-limit") + " limits the replies to each source address, "
                    + "netctx.trusted-networks exempts networks";
            case QUEUE_FULL -> "sessions fell behind their peers, or the listener was stopping";
            case OVERSIZED -> "datagrams over 65,507 bytes (IPv6 carries up to 65,527) are not echoed";
            case AMPLIFICATION -> "an info listener answers a source outside netctx.trusted-networks only when its "
                    + "datagram is at least as large as the answer";
            case UNTRUSTED_PROXY, PROXY_HEADER -> proxyHint();
            case IMPAIRMENT_BACKLOG -> property("impairment") + " held back as many datagrams as a listener may";
            case NOT_DTLS -> "peers of a DTLS listener sent no DTLS ClientHello (plain datagrams or garbage)";
            case STALE -> "duplicates of DTLS ClientHellos arrived after their handshake";
        };
    }

    private String proxyHint() {
        return property("proxy-protocol") + " expects PROXY protocol headers from netctx.proxy-protocol.trusted-proxies only";
    }

    private String property(String name) {
        return "netctx.listeners." + this.stats.name() + "." + name;
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + ((count == 1) ? "" : "s");
    }
}
