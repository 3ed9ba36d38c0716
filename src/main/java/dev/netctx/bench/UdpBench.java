package dev.netctx.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

import dev.netctx.cli.DataSizeConverter;
import dev.netctx.cli.DurationConverter;
import dev.netctx.cli.StandardStreams;
import org.springframework.util.unit.DataSize;
import dev.netctx.client.ClientTlsOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench udp}: datagrams per second, and every datagram lost, misrouted or duplicated. A run
 * passes when every datagram came back verified, or was counted lost within {@code --max-loss}.
 */
@Command(name = "udp", sortOptions = false, header = "UDP datagrams/s and latency; datagrams lost, misrouted, duplicated.",
        footer = { "", DurationConverter.HELP, DataSizeConverter.HELP },
        description = { "UDP datagrams/s and latency: --peers sockets, each with --window datagrams in flight; "
                + "counts the datagrams lost, misrouted (echoed to another peer) and duplicated. Fails (exit 1) on a misrouted "
                + "datagram, or when more are lost than --max-loss allows.", "" })
final class UdpBench extends BenchMode {

    /** The largest UDP payload over IPv4. */
    private static final int MAX_DATAGRAM = 65_507;

    @Option(names = "--peers", paramLabel = "<n>", defaultValue = "16", description = "UDP peers, each with its own socket, 1..10000 (default: ${DEFAULT-VALUE})")
    private int peers;

    @Option(names = "--window", paramLabel = "<n>", defaultValue = "8", description = "datagrams in flight per peer, 1..65536 (default: ${DEFAULT-VALUE})")
    private int window;

    @Option(names = "--size", paramLabel = "<size>", defaultValue = "512B", converter = DataSizeConverter.class,
            description = "bytes of each datagram, " + Payloads.HEADER + "B.." + MAX_DATAGRAM + "B (default: ${DEFAULT-VALUE})")
    private DataSize size;

    @Option(names = "--rate", paramLabel = "<n>", defaultValue = "0",
            description = "datagrams sent a second over all peers, open-loop, each timed from when it was due; 0: closed-loop, "
                    + "each peer sends its next when one comes back, 0..100000000 (default: ${DEFAULT-VALUE}; not with --tls)")
    private int rate;

    @Option(names = "--max-loss", paramLabel = "<fraction>", defaultValue = "0",
            description = "the fraction of the datagrams sent that may be lost and the run pass, 0..1 (default: ${DEFAULT-VALUE}: "
                    + "an echo over loopback loses none)")
    private double maxLoss;

    @ArgGroup(exclusive = false, heading = "%nDTLS (--tls: DTLS 1.2; --peers each shake hands, then echo one datagram at a time):%n")
    private ClientTlsOptions tls = new ClientTlsOptions();

    @Option(names = "--handshakes", description = "with --tls: measure new DTLS handshakes per second instead of datagrams")
    private boolean handshakes;

    UdpBench(StandardStreams streams) {
        super(streams);
    }

    @Override
    Report measure(PrintStream err) throws IOException, InterruptedException {
        requireRange("--peers", this.peers, 1, 10_000);
        requireRange("--window", this.window, 1, 65_536);
        requireFraction("--max-loss", this.maxLoss);
        requireRange("--rate", this.rate, 0, 100_000_000);
        if (this.tls.enabled() || this.handshakes) {
            if (this.rate != 0) {
                throw usageError("--rate is for the plain udp load: with --tls each peer has one datagram in flight");
            }
            requireRange("--peers", this.peers, 1, 256);
            int bytes = bytes("--size", this.size, Payloads.HEADER, 16_384);
            BenchOptions dtls = options(0, 0, bytes, this.peers, 1, 0, Duration.ZERO, 0);
            return new DtlsLoad(dtls, tlsConfig(this.tls, err, "DTLS"), this.tls.serverName(dtls.host()), this.handshakes,
                    this.maxLoss, err)
                .run(mode());
        }
        int bytes = bytes("--size", this.size, Payloads.HEADER, MAX_DATAGRAM);
        return new UdpLoad(options(0, 0, bytes, this.peers, this.window, this.rate, Duration.ZERO, 0), this.maxLoss, err)
            .run(mode());
    }
}
