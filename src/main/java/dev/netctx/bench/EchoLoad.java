package dev.netctx.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * What the TCP and the UDP load have in common: the run of one mode. Its endpoints (connections or
 * peers), each with a channel of its own, are opened first; then the {@link Phases} start, the
 * endpoints are spread over the client's I/O threads, each a {@link Worker} with one selector that
 * sends and verifies until the measured window and the drain are over, and the workers' figures are
 * summed into the {@link Report}. The protocol's subclass opens its endpoints, drives them (the
 * worker's hooks) and names the figures.
 *
 * @param <E> the endpoint: a TCP connection or a UDP peer
 * @param <W> the protocol's worker
 */
abstract class EchoLoad<E extends EchoLoad.Endpoint, W extends EchoLoad<E, W>.Worker> {

    private static final long MILLI = 1_000_000;

    final BenchOptions options;

    final Payloads payloads;

    final PrintStream err;

    private final int count;

    private final String threadName;

    private final String failure;

    /**
     * @param count how many endpoints the run opens
     * @param threadName the name of the I/O threads, followed by their index
     * @param failure what an I/O error that ends a worker is reported as
     */
    EchoLoad(BenchOptions options, PrintStream err, int count, String threadName, String failure) {
        this.options = options;
        this.payloads = new Payloads(options.size(), options.seed());
        this.err = err;
        this.count = count;
        this.threadName = threadName;
        this.failure = failure;
    }

    final Report run(String mode) throws IOException, InterruptedException {
        InetSocketAddress server = new InetSocketAddress(this.options.host(), this.options.port());
        List<E> all = new ArrayList<>();
        try {
            for (int id = 0; id < this.count; id++) {
                all.add(open(id, server));
            }
            Phases phases = Phases.startingNow(this.options);
            List<W> workers = IoThreads.spread(all, this.options.threads())
                .stream()
                .map(share -> newWorker(share, server, phases))
                .toList();
            IoThreads.runAll(workers, this.threadName);
            return report(mode, workers, totals(workers, phases));
        }
        finally {
            for (E endpoint : all) {
                endpoint.channel().close();
            }
        }
    }

    private Totals totals(List<W> workers, Phases phases) {
        Histogram latency = Report.latencyHistogram();
        long measured = 0;
        long failures = 0;
        for (W worker : workers) {
            latency.add(worker.latency);
            measured += worker.measured;
            failures += worker.failures;
        }
        return new Totals(phases.seconds(), measured, latency, failures);
    }

    /**
     * Opens endpoint {@code id}: its channel connected to {@code server} (TCP) or bound to talk to
     * it (UDP), non-blocking. Closes what it opened if it fails.
     */
    abstract E open(int id, InetSocketAddress server) throws IOException;

    /** Adds {@code --rate} and how late the paced sends were to an open-loop run's report. */
    final Report addPacing(Report report, List<W> workers) {
        if (this.options.rate() <= 0) {
            return report;
        }
        Histogram sendLag = Report.latencyHistogram();
        for (W worker : workers) {
            sendLag.add(worker.sendLag);
        }
        return report.add("rate", this.options.rate()).addLatency("send_lag", sendLag);
    }

    /** The worker of one I/O thread, for its share of the endpoints. */
    abstract W newWorker(List<E> endpoints, InetSocketAddress server, Phases phases);

    /** The figures of the run: the totals and what the protocol counted besides. */
    abstract Report report(String mode, List<W> workers, Totals totals);

    /** A connection or a peer: a channel of its own, driven by one worker. */
    interface Endpoint {

        /** Its channel, closed when the run ends. */
        Channel channel();

        /** Whether nothing it sent is still awaited (or it has failed): the drain waits for this. */
        boolean done();

        /** The sequence number of its next message: in an open-loop run, the drain also waits for one due in the window. */
        long nextSequence();

        /** Whether it has failed: then it sends nothing more, whatever is due. */
        default boolean failed() {
            return false;
        }
    }

    /**
     * What every worker counts, summed over all of them.
     *
     * @param seconds length of the measured window
     * @param measured round trips completed in the measured window
     * @param latency their round-trip times, in nanoseconds
     * @param failures broken connections or workers
     */
    record Totals(double seconds, long measured, Histogram latency, long failures) {

        /** Round trips per second of the measured window. */
        double perSecond() {
            return this.measured / this.seconds;
        }

        /** Echoed payload in MB per second of the measured window, for messages of {@code size} bytes. */
        double megabytesPerSecond(int size) {
            return this.measured * (double) size / this.seconds / 1e6;
        }
    }

    /**
     * One I/O thread: a selector over its share of the endpoints, selected until the drain is over
     * or the deadline has passed. What it does with them is its protocol's: {@link #start} before
     * the first select, {@link #ready} for every selected key, {@link #selected} after each select.
     */
    abstract class Worker implements Runnable, SendSchedule.DueStream {

        final List<E> endpoints;

        final Phases phases;

        final Histogram latency = Report.latencyHistogram();

        /** Round trips completed in the measured window (their times are in {@link #latency}). */
        long measured;

        long failures;

        /** How late paced messages were written after they fell due (open-loop runs only). */
        final Histogram sendLag = Report.latencyHistogram();

        private final long selectMillis;

        /** When the messages are due in an open-loop run ({@code --rate}), else {@code null}. */
        private @Nullable SendSchedule schedule;

        /** The time of the schedule's current call of {@link #due}: a field, so that pacing allocates nothing. */
        private long pacedAt;

        /** Hands each selected key to {@link #ready}: made once, so that a select allocates nothing (no iterator). */
        private final Consumer<SelectionKey> onReady = (key) -> {
            try {
                ready(key);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        };

        /**
         * @param selectMillis the longest a select waits, so how late the end of a run or a
         * {@link #selected} hook may be
         */
        Worker(List<E> endpoints, Phases phases, long selectMillis) {
            this.endpoints = endpoints;
            this.phases = phases;
            this.selectMillis = selectMillis;
        }

        @Override
        public final void run() {
            try (Selector selector = Selector.open()) {
                if (options.rate() > 0) {
                    long now = System.nanoTime();
                    this.schedule = new SendSchedule(now, options.rate() * (double) this.endpoints.size() / EchoLoad.this.count,
                            this.endpoints.size(), SendSchedule.TICK_NANOS);
                }
                start(selector);
                long now;
                while (!finished(now = System.nanoTime())) {
                    long wait = waitNanos(now);
                    if (wait > 0) {
                        selector.select(this.onReady, Math.max(1, wait / MILLI));
                    }
                    else {
                        selector.selectNow(this.onReady);
                    }
                    selected();
                    paceDue();
                }
            }
            catch (IOException | UncheckedIOException ex) {
                err.println("bench: " + EchoLoad.this.failure + ": " + ex);
                this.failures++;
            }
        }

        /** Registers the endpoints with {@code selector} and sends what starts them. */
        abstract void start(Selector selector) throws IOException;

        /** Handles a selected key: reads, verifies, sends more. */
        abstract void ready(SelectionKey key) throws IOException;

        /** Called after each select, whether or not a key was selected. */
        void selected() throws IOException {
        }

        /**
         * Sends the messages of endpoint {@code index} that are due by {@code now} (open-loop runs
         * only), as many as its window takes: each {@link #isDue}, timed from {@link #dueAt}, told
         * to {@link #sentLate}.
         */
        abstract void sendDue(int index, long now) throws IOException;

        /** Whether the run is open-loop: its messages are sent when due, not when one comes back. */
        final boolean paced() {
            return this.schedule != null;
        }

        /** The intended time of message {@code seq} of endpoint {@code index} (open-loop). */
        final long dueAt(int index, long seq) {
            return this.schedule.dueAt(index, seq);
        }

        /** Whether message {@code seq} of endpoint {@code index} is due by {@code now} and is sent at all (due before the end of the sending). */
        final boolean isDue(int index, long seq, long now) {
            long due = dueAt(index, seq);
            return due <= now && this.phases.sending(due);
        }

        /** Whether message {@code seq} of endpoint {@code index} is still to be sent, now or later (open-loop): the drain waits for it. */
        private boolean owes(int index, long seq) {
            return paced() && this.phases.sending(dueAt(index, seq));
        }

        /** Counts how late a message due at {@code due} was sent, at {@code now}. */
        final void sentLate(long due, long now) {
            if (this.phases.measuring(due)) {
                this.sendLag.recordValue(Math.min(now - due, this.sendLag.getHighestTrackableValue()));
            }
        }

        private void paceDue() throws IOException {
            if (this.schedule != null) {
                this.pacedAt = System.nanoTime();
                this.schedule.fallenDue(this.pacedAt, this);
            }
        }

        /** The schedule's call: endpoint {@code index} has a message due. */
        @Override
        public final void due(int index) throws IOException {
            sendDue(index, this.pacedAt);
        }

        /**
         * How long the next select may wait, in nanoseconds: {@code selectMillis}, or until the next
         * paced send is due, the next tick of its {@link SendSchedule} (0 or less: not at all).
         */
        private long waitNanos(long now) {
            long wait = this.selectMillis * MILLI;
            if (this.schedule == null) {
                return wait;
            }
            long next = this.schedule.nanosUntilNext(now);
            return this.phases.sending(now + next) ? Math.min(wait, next) : wait;
        }

        private boolean finished(long now) {
            if (now >= this.phases.deadline()) {
                return true;
            }
            if (this.phases.sending(now)) {
                return false;
            }
            for (int index = 0; index < this.endpoints.size(); index++) {
                E endpoint = this.endpoints.get(index);
                if (!endpoint.done() || (!endpoint.failed() && owes(index, endpoint.nextSequence()))) {
                    return false;
                }
            }
            return true;
        }
    }
}
