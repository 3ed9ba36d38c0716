package dev.netctx.bench;

import picocli.CommandLine.Command;

/**
 * {@code java -jar netctx.jar bench MODE [options]}: drives an echo server with verified traffic and
 * prints its figures, for people and as one {@code RESULT key=value ...} line for scripts. Each mode
 * is a {@link BenchMode} command of its own: a new mode is one more class in {@code subcommands}.
 */
@Command(name = "bench", header = "The load generator: throughput, latency, loss and memory of an echo server.",
        synopsisSubcommandLabel = "MODE", commandListHeading = "%nModes:%n",
        description = { "Drives an echo server (netctx or a reference server) over loopback with verified traffic "
                + "and prints its figures, then one RESULT line for scripts. Every run is bounded: "
                + "--warmup + --duration + --timeout at most. 'bench MODE --help' shows a mode's options.", "" },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = { "0:every echo verified, or --help / --version",
            "1:a verification failure, or a broken connection in the tcp modes", "2:a wrong mode, option or value" },
        subcommands = { TcpBench.class, PingPongBench.class, UdpBench.class, ConnectionsBench.class,
            InspectBenchmark.class, HandshakeBench.class })
public final class BenchCommand {

    private BenchCommand() {
    }
}
