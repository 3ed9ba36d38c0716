package dev.netctx.impair;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * A listener's impairment as the REST API shows it, in the form its {@code PUT} takes.
 * @param active whether it injects any fault now
 * @param delay the delay, such as {@code 300ms}
 * @param jitter the jitter, such as {@code 20ms}
 * @param drop the fraction of datagrams not answered
 * @param duplicate the fraction of datagrams answered twice
 * @param reorder the fraction of datagrams held back until after the next
 * @param bandwidth the cap in bytes per second, such as {@code 65536B}, or {@code null} for none
 * @param resetAfter the bytes echoed before a reset, or {@code null} for never
 * @param impaired what it did so far, by {@linkplain ImpairmentKind#tag() kind} (only those that occurred)
 */
public record ImpairmentInfo(boolean active, String delay, String jitter, double drop, double duplicate,
        double reorder, @Nullable String bandwidth, @Nullable String resetAfter, Map<String, Long> impaired) {

    static ImpairmentInfo of(Impairment impairment, boolean active, Map<String, Long> impaired) {
        return new ImpairmentInfo(active, format(impairment.delay()), format(impairment.jitter()), impairment.drop(),
                impairment.duplicate(), impairment.reorder(), format(impairment.bandwidth()),
                format(impairment.resetAfter()), impaired);
    }

    private static String format(Duration duration) {
        return (duration.toNanos() % 1_000_000 == 0) ? duration.toMillis() + "ms" : duration.toNanos() + "ns";
    }

    private static @Nullable String format(@Nullable DataSize size) {
        return (size != null) ? size.toString() : null;
    }
}
