package dev.netctx.bench;

import java.time.Duration;
import java.util.Map;

import dev.netctx.cli.DataSizeConverter;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The shape of a TCP load, a picocli mixin of {@code bench tcp} and {@code bench ping-pong}:
 * {@code --connections}, {@code --in-flight}, {@code --size} and {@code --rate}. Each mode gives its own defaults
 * through a {@link Defaults} provider on its {@code @Command}.
 */
final class TcpShape {

    @Option(names = "--connections", paramLabel = "<n>", description = "TCP connections, 1..1000000 (default: ${DEFAULT-VALUE})")
    private int connections;

    @Option(names = "--in-flight", paramLabel = "<n>",
            description = "messages in flight on each connection, 1..65536 (default: ${DEFAULT-VALUE})")
    private int inFlight;

    @Option(names = "--size", paramLabel = "<size>", converter = DataSizeConverter.class,
            description = "bytes of each message, " + Payloads.HEADER + "B..1MB (default: ${DEFAULT-VALUE})")
    private DataSize size;

    @Option(names = "--rate", paramLabel = "<n>", description = "messages sent a second over all connections, open-loop, "
            + "each timed from when it was due; 0: closed-loop, each connection sends its next message when one comes back, "
            + "0..100000000 (default: ${DEFAULT-VALUE})")
    private int rate;

    /** The run's settings, the shape checked: a usage error if a value is out of range. */
    BenchOptions options(BenchMode mode) {
        mode.requireRange("--connections", this.connections, 1, 1_000_000);
        mode.requireRange("--in-flight", this.inFlight, 1, 65_536);
        int bytes = mode.bytes("--size", this.size, Payloads.HEADER, 1 << 20);
        mode.requireRange("--rate", this.rate, 0, 100_000_000);
        return mode.options(this.connections, this.inFlight, bytes, 0, 0, this.rate, Duration.ZERO, 0);
    }

    /** A mode's defaults for these options, by option name, as picocli's default provider. */
    abstract static class Defaults implements IDefaultValueProvider {

        private final Map<String, String> byName;

        Defaults(String connections, String inFlight, String size) {
            this.byName = Map.of("--connections", connections, "--in-flight", inFlight, "--size", size, "--rate", "0");
        }

        @Override
        public @Nullable String defaultValue(ArgSpec argument) {
            return (argument instanceof OptionSpec option) ? this.byName.get(option.longestName()) : null;
        }
    }
}
