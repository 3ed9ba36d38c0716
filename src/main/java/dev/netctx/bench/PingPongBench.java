package dev.netctx.bench;

import java.io.IOException;
import java.io.PrintStream;

import dev.netctx.cli.DataSizeConverter;
import dev.netctx.cli.DurationConverter;
import dev.netctx.cli.StandardStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bench ping-pong}: round-trip latency, the tcp mode with one small message on one connection. */
@Command(name = "ping-pong", sortOptions = false, header = "TCP round-trip latency, one message on one connection.",
        footer = { "", DurationConverter.HELP, DataSizeConverter.HELP }, defaultValueProvider = PingPongBench.Defaults.class,
        description = { "TCP round-trip latency: the tcp mode with one connection and one small message in flight.", "" })
final class PingPongBench extends BenchMode {

    @Mixin
    private TcpShape shape;

    PingPongBench(StandardStreams streams) {
        super(streams);
    }

    @Override
    Report measure(PrintStream err) throws IOException, InterruptedException {
        return new TcpLoad(this.shape.options(this), err).run(mode());
    }

    /** One connection, one 64-byte message in flight. */
    static final class Defaults extends TcpShape.Defaults {

        Defaults() {
            super("1", "1", "64B");
        }
    }
}
