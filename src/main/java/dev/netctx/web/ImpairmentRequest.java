package dev.netctx.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.netctx.impair.Impairment;
import dev.netctx.net.NetProtocol;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

/**
 * The body of {@code PUT /api/listeners/{name}/impairment}: a JSON object with any of {@code delay},
 * {@code jitter} (durations such as {@code "200ms"}, or milliseconds), {@code drop},
 * {@code duplicate}, {@code reorder} (fractions), {@code bandwidth} (bytes per second, such as
 * {@code "64KB"}) and {@code resetAfter} (bytes, such as {@code "1KB"}). What it leaves out is off,
 * so {@code {}} clears the impairment. Checked as the configuration is, each mistake named by its field.
 */
final class ImpairmentRequest {

    static final Set<String> FIELDS = Set.of("delay", "jitter", "drop", "duplicate", "reorder", "bandwidth", "resetAfter");

    private final Map<String, Object> body;

    private final List<String> problems = new ArrayList<>();

    private ImpairmentRequest(Map<String, Object> body) {
        this.body = body;
    }

    /**
     * The impairment {@code body} asks for a {@code protocol} listener.
     * @throws IllegalArgumentException naming each field that is unknown or invalid
     */
    static Impairment parse(Map<String, Object> body, NetProtocol protocol) {
        return new ImpairmentRequest(body).parse(protocol);
    }

    private Impairment parse(NetProtocol protocol) {
        this.body.keySet().stream().filter((field) -> !FIELDS.contains(field)).sorted()
            .forEach((field) -> this.problems.add("unknown field '" + field + "' (the fields are delay, jitter, drop, "
                    + "duplicate, reorder, bandwidth, resetAfter)"));
        Impairment impairment = new Impairment(duration("delay"), duration("jitter"), fraction("drop"),
                fraction("duplicate"), fraction("reorder"), size("bandwidth"), size("resetAfter"));
        if (this.problems.isEmpty()) {
            impairment.violations(protocol).forEach((violation) -> this.problems
                .add(camelCase(violation.property()) + " " + violation.message()));
        }
        if (!this.problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid impairment: " + String.join("; ", this.problems));
        }
        return impairment;
    }

    private Duration duration(String field) {
        Object value = this.body.get(field);
        if (value == null) {
            return Duration.ZERO;
        }
        try {
            return (value instanceof Number number) ? Duration.ofMillis(wholeNumber(number))
                    : DurationStyle.detectAndParse(value.toString());
        }
        catch (IllegalArgumentException ex) {
            this.problems.add(field + " '" + value + "' is not a duration such as 200ms, 1s or a number of milliseconds");
            return Duration.ZERO;
        }
    }

    private double fraction(String field) {
        Object value = this.body.get(field);
        if (value == null) {
            return 0;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        this.problems.add(field + " '" + value + "' is not a number from 0 to 1, such as 0.05");
        return 0;
    }

    private DataSize size(String field) {
        Object value = this.body.get(field);
        if (value == null) {
            return null;
        }
        try {
            return (value instanceof Number number) ? DataSize.ofBytes(wholeNumber(number)) : DataSize.parse(value.toString());
        }
        catch (IllegalArgumentException ex) {
            this.problems.add(field + " '" + value + "' is not a size such as 64KB, 1MB or a number of bytes");
            return null;
        }
    }

    private static long wholeNumber(Number number) {
        double value = number.doubleValue();
        if (value != Math.rint(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("not a whole number: " + number);
        }
        return number.longValue();
    }

    private static String camelCase(String property) {
        int dash = property.indexOf('-');
        return (dash < 0) ? property
                : property.substring(0, dash) + Character.toUpperCase(property.charAt(dash + 1)) + property.substring(dash + 2);
    }
}
