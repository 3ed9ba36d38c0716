package dev.netctx.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

import dev.netctx.cli.DurationConverter;
import dev.netctx.cli.ServerOptions;
import dev.netctx.cli.StandardStreams;
import dev.netctx.client.ClientTlsOptions;
import dev.netctx.tls.TlsConfig;
import org.springframework.util.unit.DataSize;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * One mode of {@code bench}: the options every mode shares (the server, a {@link ServerOptions} mixin, the phases, the client's
 * threads and seed), the range checks, and the run itself: the mode's load, then its report on
 * standard output. Exits 0 when every echo was verified, 1 on a verification failure (or a broken
 * connection in the tcp modes), 2 on a usage error.
 */
abstract class BenchMode implements Callable<Integer> {

    /** The longest phase (warm-up, measurement, timeout, hold). */
    private static final Duration MAX_PHASE = Duration.ofHours(1);

    @Spec
    private CommandSpec spec;

    @Mixin
    private ServerOptions server;

    @Option(names = "--warmup", paramLabel = "<time>", defaultValue = "2s", converter = DurationConverter.class,
            description = "traffic before measuring, up to 1h (default: ${DEFAULT-VALUE})")
    private Duration warmup;

    @Option(names = "--duration", paramLabel = "<time>", defaultValue = "5s", converter = DurationConverter.class,
            description = "measured traffic, up to 1h (default: ${DEFAULT-VALUE})")
    private Duration duration;

    @Option(names = "--timeout", paramLabel = "<time>", defaultValue = "10s", converter = DurationConverter.class,
            description = "how long a connect, an echo or the final drain may take, 1ms..1h (default: ${DEFAULT-VALUE})")
    private Duration timeout;

    @Option(names = "--threads", paramLabel = "<n>", defaultValue = "1", description = "client I/O threads, 1..64 (default: ${DEFAULT-VALUE})")
    private int threads;

    @Option(names = "--seed", paramLabel = "<n>", defaultValue = "42", description = "the seed of the random payloads (default: ${DEFAULT-VALUE})")
    private long seed;

    private final StandardStreams streams;

    BenchMode(StandardStreams streams) {
        this.streams = streams;
    }

    /** Runs the mode's load, telling each verification failure on {@code err}, and returns its figures. */
    abstract Report measure(PrintStream err) throws IOException, InterruptedException;

    @Override
    public final Integer call() {
        requireRange("--port", this.server.port(), 1, 65_535);
        requireRange("--threads", this.threads, 1, 64);
        requirePhase("--warmup", this.warmup, Duration.ZERO);
        requirePhase("--duration", this.duration, Duration.ZERO);
        requirePhase("--timeout", this.timeout, Duration.ofMillis(1));
        PrintStream err = this.streams.err();
        try {
            Report report = measure(err);
            report.print(this.streams.out());
            return report.failed() ? 1 : 0;
        }
        catch (IOException ex) {
            err.println("bench " + mode() + ": " + ex.getMessage());
            return 1;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            err.println("bench " + mode() + ": interrupted");
            return 1;
        }
    }

    /** The mode's name, as its command is called: {@code tcp}, {@code udp}, ... */
    final String mode() {
        return this.spec.name();
    }

    /** The run's settings: the shared options with the mode's own (0 where the mode has none). */
    final BenchOptions options(int connections, int inFlight, int size, int peers, int window, int rate, Duration hold,
            long serverPid) {
        return new BenchOptions(this.server.host(), this.server.port(), connections, inFlight, size, peers, window, rate, this.warmup,
                this.duration, this.timeout, hold, this.threads, serverPid, this.seed);
    }

    /**
     * The TLS client configuration of {@code --tls}, {@code --ca}, {@code --insecure} (warned about on
     * {@code err}); a wrong combination is a usage error.
     */
    final TlsConfig tlsConfig(ClientTlsOptions tls, PrintStream err) throws IOException {
        return tlsConfig(tls, err, "TLS");
    }

    /** {@link #tlsConfig(ClientTlsOptions, PrintStream)} for {@code protocol} ({@code DTLS} for UDP). */
    final TlsConfig tlsConfig(ClientTlsOptions tls, PrintStream err, String protocol) throws IOException {
        String problem = tls.enabled() ? tls.problem() : "bench " + mode() + " needs --tls here";
        if (problem != null) {
            throw new ParameterException(this.spec.commandLine(), problem);
        }
        return tls.config(err, protocol);
    }

    /** {@code size} in bytes, checked to be {@code min..max}. */
    final int bytes(String option, DataSize size, int min, int max) {
        requireRange(option, size.toBytes(), min, max);
        return (int) size.toBytes();
    }

    /** A usage error (exit 2) that says {@code message}. */
    final ParameterException usageError(String message) {
        return new ParameterException(this.spec.commandLine(), message);
    }

    final void requireRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ParameterException(this.spec.commandLine(), option + " must be " + min + ".." + max + ", got " + value);
        }
    }

    final void requireFraction(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new ParameterException(this.spec.commandLine(), option + " must be 0..1, got " + value);
        }
    }

    final void requirePhase(String option, Duration value, Duration min) {
        if (value.compareTo(min) < 0 || value.compareTo(MAX_PHASE) > 0) {
            throw new ParameterException(this.spec.commandLine(),
                    option + " must be " + (min.isZero() ? "0s" : min.toMillis() + "ms") + "..1h, got " + value);
        }
    }
}
