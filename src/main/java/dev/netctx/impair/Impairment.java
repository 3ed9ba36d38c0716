package dev.netctx.impair;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

import dev.netctx.net.NetProtocol;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The faults one listener injects into the traffic of its sessions, {@code netctx.listeners.<name>.impairment}.
 * Everything is off by default: no delay, no loss, no cap.
 * @param delay How long each echo is held back: each TCP read, each UDP datagram. 0 for none; at most 60s.
 * @param jitter How much each delay varies: it is drawn uniformly from delay - jitter to delay + jitter
 * (never below 0). TCP keeps the order of the bytes, so a TCP echo is never sent before an earlier one.
 * @param drop UDP: the fraction of datagrams not answered, 0 to 1 (0.05 for 5% loss).
 * @param duplicate UDP: the fraction of datagrams answered twice, 0 to 1.
 * @param reorder UDP: the fraction of datagrams held back until after the peer's next datagram (or
 * for at most 100ms beyond their delay when none comes), 0 to 1.
 * @param bandwidth Bytes per second each session may echo, such as 64KB (64 KiB/s). TCP echoes wait
 * for it (a shaper); UDP datagrams beyond it are not answered (a policer). Unset for no cap.
 * @param resetAfter TCP: after echoing this many bytes (0: at the first byte received), the
 * connection is reset (an RST, as SO_LINGER 0 does), so that the client sees "connection reset". Unset for never.
 */
public record Impairment(@DefaultValue("0ms") Duration delay, @DefaultValue("0ms") Duration jitter, double drop, double duplicate,
        double reorder, @Nullable DataSize bandwidth, @Nullable DataSize resetAfter) {

    /** No fault at all. */
    public static final Impairment NONE = new Impairment(Duration.ZERO, Duration.ZERO, 0, 0, 0, null, null);

    /** The longest delay or jitter: a delay holds the session's bytes (TCP) or datagrams (UDP) meanwhile. */
    public static final Duration MAX_DELAY = Duration.ofSeconds(60);

    public Impairment {
        delay = Objects.requireNonNullElse(delay, Duration.ZERO);
        jitter = Objects.requireNonNullElse(jitter, Duration.ZERO);
    }

    /** Whether this injects any fault into the traffic of a {@code protocol} listener. */
    public boolean affects(NetProtocol protocol) {
        boolean both = !this.delay.isZero() || !this.jitter.isZero() || this.bandwidth != null;
        if (protocol == NetProtocol.TCP) {
            return both || this.resetAfter != null;
        }
        return both || this.drop > 0 || this.duplicate > 0 || this.reorder > 0;
    }

    /** One delay in nanoseconds: {@code delay} plus or minus up to {@code jitter}, never negative. */
    public long nextDelayNanos(RandomGenerator random) {
        long delay = this.delay.toNanos();
        long jitter = this.jitter.toNanos();
        if (jitter == 0) {
            return delay;
        }
        return Math.max(0, delay + random.nextLong(-jitter, jitter + 1));
    }

    /** Whether an event of probability {@code fraction} happens now. */
    public static boolean happens(double fraction, RandomGenerator random) {
        return fraction > 0 && (fraction >= 1 || random.nextDouble() < fraction);
    }

    /**
     * What is wrong with these settings for a {@code protocol} listener, each named by its property
     * ({@code delay}, {@code reset-after}, ...); empty when they are valid.
     */
    public List<Violation> violations(@Nullable NetProtocol protocol) {
        List<Violation> violations = new ArrayList<>();
        checkDuration(violations, "delay", this.delay);
        checkDuration(violations, "jitter", this.jitter);
        checkFraction(violations, "drop", this.drop, protocol);
        checkFraction(violations, "duplicate", this.duplicate, protocol);
        checkFraction(violations, "reorder", this.reorder, protocol);
        if (this.bandwidth != null && this.bandwidth.toBytes() <= 0) {
            violations.add(new Violation("bandwidth", "must be at least 1B (bytes per second, such as 64KB), or unset for no cap"));
        }
        if (this.resetAfter != null) {
            if (protocol == NetProtocol.UDP) {
                violations.add(new Violation("reset-after", "applies to TCP listeners only: a UDP peer has no connection to reset"));
            }
            else if (this.resetAfter.toBytes() < 0) {
                violations.add(new Violation("reset-after", "must be 0B or more (bytes echoed before the reset)"));
            }
        }
        return violations;
    }

    private static void checkDuration(List<Violation> violations, String property, Duration value) {
        if (value.isNegative() || value.compareTo(MAX_DELAY) > 0) {
            violations.add(new Violation(property, "must be from 0 to 60s, such as 200ms"));
        }
    }

    private static void checkFraction(List<Violation> violations, String property, double value,
            @Nullable NetProtocol protocol) {
        if (!(value >= 0 && value <= 1)) {
            violations.add(new Violation(property, "must be a fraction from 0 to 1, such as 0.05 for 5%"));
        }
        else if (value > 0 && protocol == NetProtocol.TCP) {
            violations.add(new Violation(property, "applies to UDP listeners only: TCP delivers every byte once, in order"));
        }
    }

    /**
     * One invalid setting.
     * @param property its name, as in {@code netctx.listeners.<name>.impairment.<property>}
     * @param message what it must be
     */
    public record Violation(String property, String message) {
    }
}
