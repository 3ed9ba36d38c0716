package dev.netctx.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.netctx.cli.DurationConverter;
import dev.netctx.cli.ServerOptions;
import dev.netctx.cli.StandardStreams;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar netctx.jar soak [options]}: soaks a running netctx on loopback and prints what it
 * found; exit status 0 only if every target was met. Bounded: it runs for {@code --duration} plus a
 * warm-up and a drain of at most a minute each, with {@code --clients} client threads.
 */
@Command(name = "soak", sortOptions = false, footer = { "", DurationConverter.HELP },
        header = "Soaks a running netctx with well- and misbehaving clients, then checks that it recovered.",
        description = { "Soaks a running netctx on loopback: hundreds of clients echo random data with full "
                + "verification while a share misbehave (reset, half-close, slow consumer, idle), connections "
                + "beyond --max-connections are opened and the UDP port is flooded. Then checks that every "
                + "session was closed and that the server's memory came back.", "" },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = { "0:every target met, or --help / --version", "1:a target missed (the summary says which)", "2:a wrong option or value" })
public final class SoakCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;

    static final int EXIT_FAILED = 1;

    /** How much larger the server's RSS may be after the soak than before it. */
    private static final double RSS_TOLERANCE = 0.10;

    /** Connections opened beyond {@code --max-connections} in the over-limit phase. */
    private static final int BEYOND_LIMIT = 20;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ServerOptions server;

    @Option(names = "--udp-port", paramLabel = "<port>", description = "its UDP echo port (default: --port)")
    private @Nullable Integer udpPort;

    @Option(names = "--http-port", paramLabel = "<port>", defaultValue = "0",
            description = "its HTTP port, to count its sessions (GET /api/listeners) and list its open contexts (GET /api/contexts) (0: skip)")
    private int httpPort;

    @Mixin
    private ServerOptions.Process serverProcess;

    @Option(names = "--duration", paramLabel = "<time>", defaultValue = "30s", converter = DurationConverter.class,
            description = "how long the soak runs after its warm-up, 1s..1h (default: ${DEFAULT-VALUE})")
    private Duration duration;

    @Option(names = "--warmup", paramLabel = "<time>", defaultValue = "5s", converter = DurationConverter.class,
            description = "the same load, before the first RSS reading, so that the JVM is warm (default: ${DEFAULT-VALUE})")
    private Duration warmup;

    @Option(names = "--clients", paramLabel = "<n>", defaultValue = "200", description = "TCP client threads, 1..2000 (default: ${DEFAULT-VALUE})")
    private int clients;

    @Option(names = "--misbehaving", paramLabel = "<percent>", defaultValue = "30",
            description = "the percentage of clients that misbehave, 0..100 (default: ${DEFAULT-VALUE})")
    private int misbehaving;

    @Option(names = "--idle-timeout", paramLabel = "<time>", defaultValue = "3s", converter = DurationConverter.class,
            description = "the server's idle-timeout: idle clients expect a close within 3 times it (default: ${DEFAULT-VALUE})")
    private Duration idleTimeout;

    @Option(names = "--max-connections", paramLabel = "<n>", defaultValue = "0",
            description = "the server's max-connections: halfway, the soak holds that many connections and "
                + BEYOND_LIMIT + " more, which must be refused (0: skip)")
    private int maxConnections;

    @Option(names = "--udp-flood-rate", paramLabel = "<n>", defaultValue = "2000",
            description = "flood datagrams per second, 0 for none (default: ${DEFAULT-VALUE})")
    private int floodRate;

    @Option(names = "--seed", paramLabel = "<n>", defaultValue = "1", description = "the seed of the random data (default: ${DEFAULT-VALUE})")
    private long seed;

    private final PrintStream out;

    /** A soak that prints its progress and summary on {@code streams.out()}. */
    public SoakCommand(StandardStreams streams) {
        this.out = streams.out();
    }

    @Override
    public Integer call() throws Exception {
        InetAddress address = validate();
        InetSocketAddress tcp = new InetSocketAddress(address, this.server.port());
        InetSocketAddress udp = new InetSocketAddress(address, (this.udpPort != null) ? this.udpPort : this.server.port());
        ServerWatch server = new ServerWatch(this.serverProcess.pid(), this.server.host(), this.httpPort);
        try (Socket probe = new Socket()) {
            probe.connect(tcp, 5_000);
        }
        this.out.printf(Locale.ROOT, "netctx soak: %d clients (%d%% misbehaving) for %d s after a %d s warm-up against %s, udp %d%n",
                this.clients, this.misbehaving, this.duration.toSeconds(), this.warmup.toSeconds(), tcp, udp.getPort());

        Load warmupLoad = startLoad(tcp, udp, System.nanoTime() + this.warmup.toNanos(), false);
        join(warmupLoad.threads(), warmupLoad.deadline());
        awaitDrained(server);
        long rssBefore = server.rssKib();

        long start = System.nanoTime();
        Load load = startLoad(tcp, udp, start + this.duration.toNanos(), this.maxConnections > 0);
        SoakTally tally = load.tally();
        long deadline = load.deadline();
        OverLimit overLimit = load.overLimit();
        List<Thread> threads = load.threads();
        long peakRss = rssBefore;
        while (System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            peakRss = Math.max(peakRss, server.rssKib());
        }
        join(threads, deadline);
        double seconds = (System.nanoTime() - start) / 1e9;
        ServerWatch.SessionLog sessions = awaitDrained(server);
        int listed = server.sessionsListed();
        long rssAfter = awaitRss(server, rssBefore);
        return report(tally, seconds, overLimit, sessions, listed, rssBefore, peakRss, rssAfter);
    }

    /** Starts the client, UDP and (if {@code overLimit}) over-limit threads, which all end at {@code deadline}. */
    private Load startLoad(InetSocketAddress tcp, InetSocketAddress udp, long deadline, boolean overLimit) {
        SoakTally tally = new SoakTally();
        List<Thread> threads = new ArrayList<>();
        int misbehavingClients = this.clients * this.misbehaving / 100;
        for (int i = 0; i < this.clients; i++) {
            boolean misbehaves = i < misbehavingClients;
            threads.add(start("soak-client-" + i, new TcpSoakClient(tcp, misbehaves, deadline, this.idleTimeout, tally,
                    this.seed * 1_000_003 + i + (overLimit ? 0 : 500_000))));
        }
        UdpSoakClient udpClient = new UdpSoakClient(udp, deadline, tally);
        if (this.floodRate > 0) {
            threads.add(start("soak-udp-flood", () -> udpClient.flood(this.floodRate, this.seed)));
        }
        for (int i = 0; i < 2; i++) {
            long udpSeed = this.seed + 7 * i;
            threads.add(start("soak-udp-verify-" + i, () -> udpClient.verify(udpSeed)));
        }
        OverLimit holder = new OverLimit(tcp, this.maxConnections + BEYOND_LIMIT);
        if (overLimit) {
            long halfway = (deadline - System.nanoTime()) / 2;
            threads.add(start("soak-over-limit", () -> {
                LockSupport.parkNanos(halfway);
                holder.run();
            }));
        }
        return new Load(tally, threads, holder, deadline);
    }

    /** The threads of one load phase and what they count. */
    private record Load(SoakTally tally, List<Thread> threads, OverLimit overLimit, long deadline) {
    }

    private int report(SoakTally tally, double seconds, OverLimit overLimit, ServerWatch.SessionLog sessions, int listed,
            long rssBefore, long peakRss, long rssAfter) {
        List<String> failures = new ArrayList<>();
        line("duration", String.format(Locale.ROOT, "%.1f s", seconds));
        line("connections", tally.connections.sum() + " TCP connections opened by the clients");
        line("bytes verified", String.format(Locale.ROOT, "%d (%.1f MiB, TCP and UDP, compared byte for byte)",
                tally.bytesVerified.sum(), tally.bytesVerified.sum() / 1048576.0));
        line("mismatches", Long.toString(tally.mismatches.sum()));
        line("server errors", tally.serverErrors.sum() + " (connections broken or stalled by the server)");
        line("connections refused", tally.refused.sum() + " (closed before any echo)"
                + ((this.maxConnections > 0) ? "; over-limit phase: " + overLimit.summary() : ""));
        line("misbehaving clients", String.format(Locale.ROOT, "%d resets, %d half-closes, %d slow consumers (4 MiB each), "
                + "%d idle cut by the server, %d idle not cut", tally.resets.sum(), tally.halfCloses.sum(),
                tally.slowConsumers.sum(), tally.idleCut.sum(), tally.idleNotCut.sum()));
        line("udp flood", tally.floodDatagrams.sum() + " datagrams sent, " + tally.floodOversized.sum()
                + " oversized ones refused by the client's stack; " + tally.udpLost.sum() + " verified echoes lost");
        if (sessions != null) {
            line("contexts", sessions.opened() + " sessions opened, " + sessions.closed() + " closed, " + sessions.open()
                    + " still open (GET /api/listeners)");
            check(sessions.open() == 0 && sessions.opened() == sessions.closed(), "sessions left open", failures);
        }
        if (listed >= 0) {
            line("registry at end", listed + " sessions listed by GET /api/contexts");
            check(listed == 0, "registry not empty", failures);
        }
        if (rssBefore > 0 && rssAfter > 0) {
            line("server RSS", String.format(Locale.ROOT, "%d MiB before, %d MiB peak, %d MiB after (%+.1f%%)", rssBefore / 1024,
                    peakRss / 1024, rssAfter / 1024, 100.0 * (rssAfter - rssBefore) / rssBefore));
            check(rssAfter <= rssBefore * (1 + RSS_TOLERANCE), "RSS not back within 10%", failures);
        }
        check(tally.mismatches.sum() == 0, "mismatches", failures);
        check(tally.serverErrors.sum() == 0, "server errors", failures);
        check(tally.bytesVerified.sum() > 0, "nothing verified", failures);
        check(tally.idleNotCut.sum() == 0, "idle connections not cut", failures);
        check(this.maxConnections == 0 || overLimit.refused() >= 1, "nothing refused beyond max-connections", failures);
        this.out.println(failures.isEmpty() ? "RESULT: PASS" : "RESULT: FAIL (" + String.join(", ", failures) + ")");
        return failures.isEmpty() ? EXIT_OK : EXIT_FAILED;
    }

    private void line(String label, String value) {
        this.out.printf(Locale.ROOT, "  %-20s %s%n", label, value);
    }

    private static void check(boolean met, String failure, List<String> failures) {
        if (!met) {
            failures.add(failure);
        }
    }

    /** Waits until the server's listeners and registry show no open session: at most 3 idle timeouts plus 10 s. */
    private ServerWatch.SessionLog awaitDrained(ServerWatch server) throws IOException, InterruptedException {
        long until = System.nanoTime() + 3 * this.idleTimeout.toNanos() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            ServerWatch.@Nullable SessionLog sessions = server.sessionLog();
            int listed = server.sessionsListed();
            boolean drained = (sessions == null || sessions.open() == 0) && listed <= 0;
            if (drained || System.nanoTime() - until > 0) {
                return sessions;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    /** Reads the RSS until it is back within the tolerance, at most 30 s (a JVM returns memory lazily). */
    private static long awaitRss(ServerWatch server, long before) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long rss = server.rssKib();
        while (before > 0 && rss > before * (1 + RSS_TOLERANCE) && System.nanoTime() - until < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            rss = server.rssKib();
        }
        return rss;
    }

    private static Thread start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Joins the threads, waiting at most a minute past the deadline for all of them. */
    private static void join(List<Thread> threads, long deadlineNanos) throws InterruptedException {
        for (Thread thread : threads) {
            long left = deadlineNanos + TimeUnit.SECONDS.toNanos(60) - System.nanoTime();
            TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(left, 1));
        }
    }

    private InetAddress validate() {
        InetAddress address;
        try {
            address = InetAddress.getByName(this.server.host());
        }
        catch (UnknownHostException ex) {
            throw usage("--host: unknown host '" + this.server.host() + "'");
        }
        if (!address.isLoopbackAddress()) {
            throw usage("--host must be a loopback address: the soak floods its target, got " + this.server.host());
        }
        requireRange("--port", this.server.port(), 1, 65_535);
        if (this.udpPort != null) {
            requireRange("--udp-port", this.udpPort, 1, 65_535);
        }
        requireRange("--http-port", this.httpPort, 0, 65_535);
        requireRange("--clients", this.clients, 1, 2_000);
        requireRange("--misbehaving", this.misbehaving, 0, 100);
        requireRange("--max-connections", this.maxConnections, 0, 100_000);
        requireRange("--udp-flood-rate", this.floodRate, 0, 1_000_000);
        if (this.duration.toSeconds() < 1 || this.duration.toSeconds() > 3_600) {
            throw usage("--duration must be 1s..1h, got " + this.duration);
        }
        if (this.warmup.toSeconds() > 3_600) {
            throw usage("--warmup must be 0s..1h, got " + this.warmup);
        }
        if (this.idleTimeout.toMillis() < 1 || this.idleTimeout.toSeconds() > 3_600) {
            throw usage("--idle-timeout must be 1ms..1h, got " + this.idleTimeout);
        }
        return address;
    }

    private void requireRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw usage(option + " must be " + min + ".." + max + ", got " + value);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(this.spec.commandLine(), message);
    }

    /**
     * Opens {@code target} connections at once, each sending one byte, then reads each one's echo
     * (held) or end (refused), and closes them all.
     */
    static final class OverLimit implements Runnable {

        private final InetSocketAddress server;

        private final int target;

        private volatile int accepted;

        private volatile int refused;

        OverLimit(InetSocketAddress server, int target) {
            this.server = server;
            this.target = target;
        }

        @Override
        public void run() {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < this.target; i++) {
                    held.add(openAndPing());
                }
                for (Socket socket : held) {
                    try {
                        if (socket.isConnected() && socket.getInputStream().read() == 1) {
                            this.accepted++;
                        }
                        else {
                            this.refused++;
                        }
                    }
                    catch (IOException ex) {
                        this.refused++;
                    }
                }
            }
            finally {
                for (Socket socket : held) {
                    try {
                        socket.close();
                    }
                    catch (IOException ex) {
                        // closing anyway
                    }
                }
            }
        }

        /** Connects and sends one byte, reading nothing yet: all the connections are opened within moments. */
        private Socket openAndPing() {
            Socket socket = new Socket();
            try {
                socket.connect(this.server, 5_000);
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(1);
            }
            catch (IOException ex) {
                // counted as refused when read
            }
            return socket;
        }

        int refused() {
            return this.refused;
        }

        String summary() {
            return this.accepted + " held, " + this.refused + " refused of " + this.target;
        }
    }
}
