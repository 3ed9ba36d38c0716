package dev.netctx.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

import dev.netctx.cli.DataSizeConverter;
import dev.netctx.cli.DurationConverter;
import dev.netctx.cli.ServerOptions;
import dev.netctx.cli.StandardStreams;
import dev.netctx.client.ClientTlsOptions;
import org.springframework.util.unit.DataSize;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench connections}: many connections held at once, and the server's memory with them. */
@Command(name = "connections", sortOptions = false, header = "Many connections held at once, and the server's memory with them.",
        footer = { "", DurationConverter.HELP, DataSizeConverter.HELP },
        description = { "Connection scale: reads the server's RSS after --warmup, opens --connections connections "
                + "at --rate a second, one verified echo each, reads the RSS again while all are held for --hold, "
                + "and tells what each connection added. A connection that fails is counted, not fatal. With --tls, "
                + "each connection completes a full TLS handshake before its echo.", "" })
final class ConnectionsBench extends BenchMode {

    @Option(names = "--connections", paramLabel = "<n>", defaultValue = "10000",
            description = "connections to hold, 1..1000000 (default: ${DEFAULT-VALUE})")
    private int connections;

    @Option(names = "--rate", paramLabel = "<n>", defaultValue = "1000", description = "connections opened a second, 1..1000000 (default: ${DEFAULT-VALUE})")
    private int rate;

    @Option(names = "--size", paramLabel = "<size>", defaultValue = "64B", converter = DataSizeConverter.class,
            description = "bytes of each connection's echo, " + Payloads.HEADER + "B..1MB (default: ${DEFAULT-VALUE})")
    private DataSize size;

    @Option(names = "--hold", paramLabel = "<time>", defaultValue = "1s", converter = DurationConverter.class,
            description = "how long all are held before the RSS is read, up to 1h (default: ${DEFAULT-VALUE})")
    private Duration hold;

    @Mixin
    private ServerOptions.Process server;

    @ArgGroup(exclusive = false, heading = "%nTLS:%n")
    private ClientTlsOptions tls = new ClientTlsOptions();

    ConnectionsBench(StandardStreams streams) {
        super(streams);
    }

    @Override
    Report measure(PrintStream err) throws IOException, InterruptedException {
        requireRange("--connections", this.connections, 1, 1_000_000);
        requireRange("--rate", this.rate, 1, 1_000_000);
        requirePhase("--hold", this.hold, Duration.ZERO);
        requireRange("--server-pid", this.server.pid(), 0, Long.MAX_VALUE);
        int bytes = bytes("--size", this.size, Payloads.HEADER, 1 << 20);
        BenchOptions options = options(this.connections, 0, bytes, 0, 0, this.rate, this.hold, this.server.pid());
        if (!this.tls.enabled()) {
            return new ConnectionScale(options, err, null, null).run(mode());
        }
        return new ConnectionScale(options, err, tlsConfig(this.tls, err), this.tls.serverName(options.host())).run(mode());
    }
}
