package dev.netctx.client;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Round-trip times of a payload run, with the figures the client prints: min, p50, p99, max and throughput. */
final class RoundTrips {

    private final long[] sortedNanos;

    private final long totalNanos;

    private final int size;

    /**
     * @param nanos the round-trip time of each payload, in nanoseconds (at least one)
     * @param size the payload size in bytes
     */
    RoundTrips(long[] nanos, int size) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no round trip measured");
        }
        this.sortedNanos = nanos.clone();
        Arrays.sort(this.sortedNanos);
        this.totalNanos = Arrays.stream(nanos).sum();
        this.size = size;
    }

    int count() {
        return this.sortedNanos.length;
    }

    long minNanos() {
        return this.sortedNanos[0];
    }

    long maxNanos() {
        return this.sortedNanos[this.sortedNanos.length - 1];
    }

    /** The nearest-rank percentile: the smallest time that {@code percent} % of the round trips did not exceed. */
    long percentileNanos(double percent) {
        int rank = (int) Math.ceil(percent / 100 * this.sortedNanos.length);
        return this.sortedNanos[Math.max(0, Math.min(rank, this.sortedNanos.length) - 1)];
    }

    /** Round trips per second over the time spent in round trips. */
    double roundTripsPerSecond() {
        return count() / seconds(this.totalNanos);
    }

    /** The two lines of figures: round-trip times, then throughput (payload bytes each way). */
    List<String> summary() {
        String times = String.format(Locale.ROOT, "round trip: min %s, p50 %s, p99 %s, max %s", millis(minNanos()),
                millis(percentileNanos(50)), millis(percentileNanos(99)), millis(maxNanos()));
        double mebibytesPerSecond = (double) count() * this.size / (1 << 20) / seconds(this.totalNanos);
        String throughput = String.format(Locale.ROOT, "throughput: %.0f round trips/s, %.2f MiB/s each way (%d in %.3f s)",
                roundTripsPerSecond(), mebibytesPerSecond, count(), seconds(this.totalNanos));
        return List.of(times, throughput);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    private static double seconds(long nanos) {
        return Math.max(nanos, 1) / 1e9;
    }
}
