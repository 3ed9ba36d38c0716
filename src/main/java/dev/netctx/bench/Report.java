package dev.netctx.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * The figures of one run, printed for people (one per line) and as one {@code RESULT key=value ...}
 * line for scripts.
 */
final class Report {

    private final String mode;

    private final Map<String, String> figures = new LinkedHashMap<>();

    private final List<String> failures = new ArrayList<>();

    private boolean failed;

    Report(String mode) {
        this.mode = mode;
    }

    /** A histogram for {@link #addLatency}: nanoseconds up to a minute, three significant digits. */
    static Histogram latencyHistogram() {
        return new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    }

    Report add(String key, long value) {
        this.figures.put(key, Long.toString(value));
        return this;
    }

    Report add(String key, String value) {
        this.figures.put(key, value);
        return this;
    }

    Report add(String key, double value) {
        this.figures.put(key, String.format(Locale.ROOT, "%.1f", value));
        return this;
    }

    /** Adds p50, p99 and p99.9 of a histogram of nanoseconds, in microseconds. */
    Report addLatency(String prefix, Histogram nanos) {
        for (double p : new double[] { 50, 99, 99.9 }) {
            String name = prefix + "_p" + (p == 99.9 ? "999" : Integer.toString((int) p)) + "_us";
            long value = nanos.getTotalCount() == 0 ? 0 : nanos.getValueAtPercentile(p);
            add(name, value / (double) TimeUnit.MICROSECONDS.toNanos(1));
        }
        return this;
    }

    /** Marks the run as failed verification: the command exits non-zero. */
    Report fail() {
        this.failed = true;
        return this;
    }

    /** {@link #fail()}, saying why in the report's first line. */
    Report fail(String reason) {
        this.failures.add(reason);
        return fail();
    }

    boolean failed() {
        return this.failed;
    }

    void print(PrintStream out) {
        out.println("netctx bench " + this.mode + (this.failed ? ": VERIFICATION FAILED" : "")
                + (this.failures.isEmpty() ? "" : " (" + String.join("; ", this.failures) + ")"));
        this.figures.forEach((key, value) -> out.printf(Locale.ROOT, "  %-22s %s%n", key, value));
        StringBuilder line = new StringBuilder("RESULT mode=").append(this.mode);
        this.figures.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        out.println(line.append(" ok=").append(!this.failed));
    }
}
