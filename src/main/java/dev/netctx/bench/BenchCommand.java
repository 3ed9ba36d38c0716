package dev.netctx.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code netctx bench MODE [options]}: drives an echo server with verified traffic and prints its
 * figures. Exits 0 when every echo was verified, 1 on a verification failure (or a broken
 * connection in the tcp modes), 2 on a usage error.
 */
public final class BenchCommand {

    static final String USAGE = """
            usage: netctx bench MODE [--option value ...]
              tcp          --connections 64 --in-flight 16 --size 1024   throughput (MB/s, messages/s) and latency
              ping-pong    tcp with --connections 1 --in-flight 1 --size 64: round-trip latency
              udp          --peers 16 --window 8 --size 512               datagrams/s, lost, misrouted, duplicates
              connections  --connections 10000 --rate 1000 --size 64 --server-pid PID --hold 1s
                           reads the server's RSS after --warmup, opens them at a bounded rate, one echo
                           each, reads it again while all are held (and what each connection added)
            common: --host 127.0.0.1 --port 4442 --warmup 2s --duration 5s --timeout 10s --threads 1 --seed 42
            """;

    private BenchCommand() {
    }

    /** Runs the command with {@code args} (mode first) on the standard streams; returns the exit status. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    /** Runs the command with {@code args} (mode first) and returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String mode = args[0];
        try {
            BenchOptions options = BenchOptions.parse(mode, Arrays.copyOfRange(args, 1, args.length));
            Report report = switch (mode) {
                case "tcp", "ping-pong" -> new TcpLoad(options, err).run(mode);
                case "udp" -> new UdpLoad(options, err).run(mode);
                case "connections" -> new ConnectionScale(options, err).run(mode);
                default -> throw new IllegalArgumentException("unknown mode '" + mode + "'");
            };
            report.print(out);
            return report.failed() ? 1 : 0;
        }
        catch (IllegalArgumentException ex) {
            err.println("bench: " + ex.getMessage());
            err.print(USAGE);
            return 2;
        }
        catch (IOException ex) {
            err.println("bench: " + ex.getMessage());
            return 1;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            err.println("bench: interrupted");
            return 1;
        }
    }
}
