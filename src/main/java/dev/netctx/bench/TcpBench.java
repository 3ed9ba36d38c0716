package dev.netctx.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

import dev.netctx.cli.DataSizeConverter;
import dev.netctx.cli.DurationConverter;
import dev.netctx.cli.StandardStreams;
import dev.netctx.client.ClientTlsOptions;
import org.springframework.util.unit.DataSize;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench tcp}: TCP throughput (MB/s, messages/s) and latency, many connections with messages in flight. */
@Command(name = "tcp", sortOptions = false, header = "TCP throughput and latency, many connections with messages in flight.",
        footer = { "", DurationConverter.HELP, DataSizeConverter.HELP },
        description = { "TCP throughput (MB/s, messages/s) and round-trip latency: --connections connections, each "
                + "with --in-flight messages of --size bytes in flight, every echoed byte verified.", "" })
final class TcpBench extends BenchMode {

    @Option(names = "--connections", paramLabel = "<n>", defaultValue = "64", description = "TCP connections, 1..1000000 (default: ${DEFAULT-VALUE})")
    private int connections;

    @Option(names = "--in-flight", paramLabel = "<n>", defaultValue = "16",
            description = "messages in flight on each connection, 1..65536 (default: ${DEFAULT-VALUE})")
    private int inFlight;

    @Option(names = "--size", paramLabel = "<size>", defaultValue = "1KB", converter = DataSizeConverter.class,
            description = "bytes of each message, " + Payloads.HEADER + "B..1MB (default: ${DEFAULT-VALUE})")
    private DataSize size;

    @ArgGroup(exclusive = false, heading = "%nTLS:%n")
    private ClientTlsOptions tls = new ClientTlsOptions();

    TcpBench(StandardStreams streams) {
        super(streams);
    }

    @Override
    Report measure(PrintStream err) throws IOException, InterruptedException {
        if (!this.tls.enabled()) {
            return tcp(this, this.connections, this.inFlight, this.size, err);
        }
        requireRange("--connections", this.connections, 1, 1_000_000);
        requireRange("--in-flight", this.inFlight, 1, 65_536);
        int bytes = bytes("--size", this.size, Payloads.HEADER, 1 << 20);
        String host = options(0, 0, 0, 0, 0, 0, Duration.ZERO, 0).host();
        return new TcpLoad(options(this.connections, this.inFlight, bytes, 0, 0, 0, Duration.ZERO, 0), err,
                tlsConfig(this.tls, err), this.tls.serverName(host)).run(mode());
    }

    /** The TCP load of {@code mode} (tcp or ping-pong) with its shape checked. */
    static Report tcp(BenchMode mode, int connections, int inFlight, DataSize size, PrintStream err)
            throws IOException, InterruptedException {
        mode.requireRange("--connections", connections, 1, 1_000_000);
        mode.requireRange("--in-flight", inFlight, 1, 65_536);
        int bytes = mode.bytes("--size", size, Payloads.HEADER, 1 << 20);
        return new TcpLoad(mode.options(connections, inFlight, bytes, 0, 0, 0, Duration.ZERO, 0), err).run(mode.mode());
    }
}
