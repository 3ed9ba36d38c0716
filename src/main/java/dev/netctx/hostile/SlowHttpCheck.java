package dev.netctx.hostile;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import dev.netctx.cli.DurationConverter;
import dev.netctx.cli.StandardStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar netctx.jar slow-http [options]}: a hostile-peer check of a running netctx on
 * loopback. {@code --clients} slowloris clients hold the traffic port (each reopened when the server
 * closes it) for {@code --duration}, while the liveness probe on the management port is asked every
 * two seconds with the chart's probe timeout (2 s). It passes (exit status 0) when every probe
 * answered 200 in time and the server closed tricklers. Bounded in count and time.
 */
@Command(name = "slow-http", sortOptions = false, footer = { "", DurationConverter.HELP },
        header = "Holds slowloris clients on a running netctx's HTTP port while its liveness probe is asked.",
        description = { "A hostile-peer check on loopback: --clients clients send an HTTP request header one byte a "
                + "second and never finish it (each reopened when the server closes it) on --http-port, while "
                + "/actuator/health/liveness on --management-port is asked every 2 s with a 2 s timeout. Passes "
                + "when every probe answered 200 and the server closed tricklers.", "" },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = { "0:every probe answered and the server closed tricklers, or --help / --version",
            "1:a probe failed or no trickler was closed", "2:a wrong option or value" })
public final class SlowHttpCheck implements Callable<Integer> {

    private static final Duration PROBE_PERIOD = Duration.ofSeconds(2);

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private static final Duration BYTE_INTERVAL = Duration.ofSeconds(1);

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", paramLabel = "<host>", defaultValue = "127.0.0.1", description = "the server: a loopback address only (default: ${DEFAULT-VALUE})")
    private String host;

    @Option(names = "--http-port", paramLabel = "<port>", defaultValue = "8080", description = "its traffic HTTP port, where the tricklers go (default: ${DEFAULT-VALUE})")
    private int httpPort;

    @Option(names = "--management-port", paramLabel = "<port>", defaultValue = "8081", description = "its management port, where liveness is asked (default: ${DEFAULT-VALUE})")
    private int managementPort;

    @Option(names = "--clients", paramLabel = "<n>", defaultValue = "3000", description = "slowloris clients held at once, 1..10000 (default: ${DEFAULT-VALUE})")
    private int clients;

    @Option(names = "--duration", paramLabel = "<time>", defaultValue = "60s", converter = DurationConverter.class,
            description = "how long the check runs, 1s..1h (default: ${DEFAULT-VALUE})")
    private Duration duration;

    private final PrintStream out;

    /** A check that prints its progress and result on {@code streams.out()}. */
    public SlowHttpCheck(StandardStreams streams) {
        this.out = streams.out();
    }

    @Override
    public Integer call() throws IOException, URISyntaxException {
        InetAddress address = loopback();
        if (this.clients < 1 || this.clients > 10_000) {
            throw new ParameterException(this.spec.commandLine(), "--clients must be 1..10000, got " + this.clients);
        }
        if (this.duration.toSeconds() < 1 || this.duration.toSeconds() > 3_600) {
            throw new ParameterException(this.spec.commandLine(), "--duration must be 1s..1h, got " + this.duration);
        }
        URI liveness = new URI("http", null, address.getHostAddress(), this.managementPort, "/actuator/health/liveness",
                null, null);
        Result result = run(new InetSocketAddress(address, this.httpPort), liveness, this.clients, this.duration, this.out);
        this.out.println(result + (result.passed() ? ": passed" : ": FAILED"));
        return result.passed() ? 0 : 1;
    }

    private InetAddress loopback() {
        InetAddress address;
        try {
            address = InetAddress.getByName(this.host);
        }
        catch (UnknownHostException ex) {
            throw new ParameterException(this.spec.commandLine(), "--host: unknown host '" + this.host + "'");
        }
        if (!address.isLoopbackAddress()) {
            throw new ParameterException(this.spec.commandLine(),
                    "--host must be a loopback address: the check floods its target, got " + this.host);
        }
        return address;
    }

    /**
     * What a run saw.
     * @param opened trickling connections opened (reopened ones included)
     * @param closedByServer those the server closed
     * @param probes liveness probes asked
     * @param probesUp probes answered 200 within the timeout
     */
    public record Result(long opened, long closedByServer, int probes, int probesUp) {

        /** Every probe was up and the server closed tricklers. */
        public boolean passed() {
            return this.probes > 0 && this.probesUp == this.probes && this.closedByServer > 0;
        }
    }

    /** Runs the check; one line per probe period on {@code out}. */
    static Result run(InetSocketAddress traffic, URI liveness, int clients, Duration duration, PrintStream out)
            throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
        HttpRequest probe = HttpRequest.newBuilder(liveness).timeout(PROBE_TIMEOUT).GET().build();
        List<CompletableFuture<Boolean>> probes = new ArrayList<>();
        long end = System.nanoTime() + duration.toNanos();
        long nextProbe = System.nanoTime();
        long nextByte = System.nanoTime();
        try (TricklingHttpClients tricklers = new TricklingHttpClients(traffic, clients)) {
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                if (now >= nextByte) {
                    tricklers.trickle();
                    nextByte = now + BYTE_INTERVAL.toNanos();
                }
                if (now >= nextProbe) {
                    probes.add(http.sendAsync(probe, HttpResponse.BodyHandlers.discarding())
                        .handle((response, failure) -> failure == null && response.statusCode() == 200));
                    out.printf("trickling: %d open, %d opened, %d closed by the server; probes %d/%d up%n",
                            tricklers.open(), tricklers.opened(), tricklers.closedByServer(), up(probes), probes.size());
                    nextProbe = now + PROBE_PERIOD.toNanos();
                }
                tricklers.poll(Math.max(1, (Math.min(nextByte, nextProbe) - System.nanoTime()) / 1_000_000));
                tricklers.reopenClosed();
            }
            CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).join();
            return new Result(tricklers.opened(), tricklers.closedByServer(), probes.size(), up(probes));
        }
    }

    private static int up(List<CompletableFuture<Boolean>> probes) {
        return (int) probes.stream().filter((probe) -> probe.isDone() && probe.join()).count();
    }
}
