package dev.netctx.bench;

import java.io.IOException;
import java.io.PrintStream;

import dev.netctx.cli.DataSizeConverter;
import dev.netctx.cli.DurationConverter;
import dev.netctx.cli.StandardStreams;
import org.springframework.util.unit.DataSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench ping-pong}: round-trip latency, the tcp mode with one small message on one connection. */
@Command(name = "ping-pong", sortOptions = false, header = "TCP round-trip latency, one message on one connection.",
        footer = { "", DurationConverter.HELP, DataSizeConverter.HELP },
        description = { "TCP round-trip latency: the tcp mode with one connection and one small message in flight.", "" })
final class PingPongBench extends BenchMode {

    @Option(names = "--connections", paramLabel = "<n>", defaultValue = "1", description = "TCP connections, 1..1000000 (default: ${DEFAULT-VALUE})")
    private int connections;

    @Option(names = "--in-flight", paramLabel = "<n>", defaultValue = "1",
            description = "messages in flight on each connection, 1..65536 (default: ${DEFAULT-VALUE})")
    private int inFlight;

    @Option(names = "--size", paramLabel = "<size>", defaultValue = "64B", converter = DataSizeConverter.class,
            description = "bytes of each message, " + Payloads.HEADER + "B..1MB (default: ${DEFAULT-VALUE})")
    private DataSize size;

    PingPongBench(StandardStreams streams) {
        super(streams);
    }

    @Override
    Report measure(PrintStream err) throws IOException, InterruptedException {
        return TcpBench.tcp(this, this.connections, this.inFlight, this.size, err);
    }
}
