package dev.netctx.bench;

import java.io.IOException;
import java.io.PrintStream;

import dev.netctx.cli.DataSizeConverter;
import dev.netctx.cli.DurationConverter;
import dev.netctx.cli.StandardStreams;
import dev.netctx.client.ClientTlsOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bench tcp}: TCP throughput (MB/s, messages/s) and latency, many connections with messages in flight. */
@Command(name = "tcp", sortOptions = false, header = "TCP throughput and latency, many connections with messages in flight.",
        footer = { "", DurationConverter.HELP, DataSizeConverter.HELP }, defaultValueProvider = TcpBench.Defaults.class,
        description = { "TCP throughput (MB/s, messages/s) and round-trip latency: --connections connections, each "
                + "with --in-flight messages of --size bytes in flight, every echoed byte verified.", "" })
final class TcpBench extends BenchMode {

    @Mixin
    private TcpShape shape;

    @ArgGroup(exclusive = false, heading = "%nTLS:%n")
    private ClientTlsOptions tls = new ClientTlsOptions();

    TcpBench(StandardStreams streams) {
        super(streams);
    }

    @Override
    Report measure(PrintStream err) throws IOException, InterruptedException {
        BenchOptions options = this.shape.options(this);
        if (!this.tls.enabled()) {
            return new TcpLoad(options, err).run(mode());
        }
        return new TcpLoad(options, err, tlsConfig(this.tls, err), this.tls.serverName(options.host())).run(mode());
    }

    /** 64 connections, each with 16 messages of 1 KB in flight. */
    static final class Defaults extends TcpShape.Defaults {

        Defaults() {
            super("64", "16", "1KB");
        }
    }
}
