package dev.netctx.bench;

/**
 * The time line of a run, in {@link System#nanoTime()} units: warm-up, then the measured window,
 * then the drain of what is still in flight, which ends at the deadline at the latest.
 */
record Phases(long measureFrom, long measureTo, long deadline) {

    static Phases startingNow(BenchOptions options) {
        long now = System.nanoTime();
        long from = now + options.warmup().toNanos();
        long to = from + options.duration().toNanos();
        return new Phases(from, to, to + options.timeout().toNanos());
    }

    boolean measuring(long now) {
        return now >= this.measureFrom && now < this.measureTo;
    }

    boolean sending(long now) {
        return now < this.measureTo;
    }

    double seconds() {
        return (this.measureTo - this.measureFrom) / 1e9;
    }
}
