package dev.netctx.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.netctx.cli.DurationConverter;
import dev.netctx.cli.StandardStreams;
import dev.netctx.client.ClientTlsOptions;
import dev.netctx.net.NetContext;
import dev.netctx.net.NetProtocol;
import dev.netctx.tls.TlsBio;
import dev.netctx.tls.TlsConfig;
import dev.netctx.tls.TlsContext;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;

/**
 * {@code bench handshakes --tls}: new TLS sessions per second. Each of {@code --threads} threads
 * connects, runs a full handshake (no session resumption), closes with a close_notify and starts
 * over, for the warm-up and the measured window; the rate and the handshake latency (connect
 * included) are reported.
 */
@Command(name = "handshakes", sortOptions = false, header = "New TLS handshakes per second.",
        footer = { "", DurationConverter.HELP },
        description = { "New TLS sessions per second: each client thread (--threads) connects, completes a full "
                + "handshake, sends a close_notify and closes, over and over. Needs --tls.", "" })
final class HandshakeBench extends BenchMode {

    @ArgGroup(exclusive = false, heading = "%nTLS:%n")
    private ClientTlsOptions tls = new ClientTlsOptions();

    HandshakeBench(StandardStreams streams) {
        super(streams);
    }

    @Override
    Report measure(PrintStream err) throws IOException, InterruptedException {
        BenchOptions options = options(0, 0, 0, 0, 0, 0, Duration.ZERO, 0);
        TlsConfig config = tlsConfig(this.tls, err);
        Phases phases = Phases.startingNow(options);
        List<Handshaker> workers = new ArrayList<>();
        for (int i = 0; i < options.threads(); i++) {
            workers.add(new Handshaker(options, config, this.tls.serverName(options.host()), phases, err));
        }
        IoThreads.runAll(workers, "bench-handshakes-");
        Histogram latency = Report.latencyHistogram();
        long measured = 0;
        long failures = 0;
        for (Handshaker worker : workers) {
            latency.add(worker.latency);
            measured += worker.measured;
            failures += worker.failures;
        }
        Report report = new Report(mode()).add("threads", options.threads())
            .add("seconds", phases.seconds())
            .add("handshakes_per_s", measured / phases.seconds())
            .addLatency("handshake", latency)
            .add("failures", failures);
        return (failures > 0 || measured == 0) ? report.fail() : report;
    }

    /** One client thread: handshakes one after the other until the measured window is over. */
    private static final class Handshaker implements Runnable {

        final Histogram latency = Report.latencyHistogram();

        long measured;

        long failures;

        private final BenchOptions options;

        private final TlsConfig config;

        private final String serverName;

        private final Phases phases;

        private final PrintStream err;

        Handshaker(BenchOptions options, TlsConfig config, String serverName, Phases phases, PrintStream err) {
            this.options = options;
            this.config = config.readTimeout(options.timeout().toMillis());
            this.serverName = serverName;
            this.phases = phases;
            this.err = err;
        }

        @Override
        public void run() {
            long now;
            while (this.phases.sending(now = System.nanoTime())) {
                try {
                    handshake();
                    long done = System.nanoTime();
                    if (this.phases.measuring(now) && this.phases.measuring(done)) {
                        this.latency.recordValue(Math.min(done - now, this.latency.getHighestTrackableValue()));
                        this.measured++;
                    }
                }
                catch (IOException ex) {
                    this.failures++;
                    this.err.println("bench: handshake failed: " + ex.getMessage());
                    if (this.failures > 10) {
                        return;
                    }
                }
            }
        }

        private void handshake() throws IOException {
            try (NetContext net = new NetContext(); TlsContext session = new TlsContext(this.config)) {
                net.connect(this.options.host(), this.options.port(), NetProtocol.TCP, this.options.timeout().toMillis());
                session.setBio(TlsBio.of(net));
                session.setHostname(this.serverName);
                if (session.handshake() != 0) {
                    throw new IOException("no handshake within " + this.options.timeout());
                }
                session.closeNotify();
            }
        }
    }
}
