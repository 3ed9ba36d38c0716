package dev.netctx.hostile;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.boot.convert.DurationStyle;

/**
 * A hostile-peer check of a running netctx: {@code clients} slowloris clients on the traffic port
 * (each reopened when the server closes it) for {@code duration}, while the liveness probe on the
 * management port is asked every two seconds with the chart's probe timeout (2 s). It passes when
 * every probe answered 200 in time and the server closed the tricklers. Traffic only to the
 * addresses given; bounded in count and time.
 *
 * <pre>
 * java -cp netctx.jar -Dloader.main=dev.netctx.hostile.SlowHttpCheck \
 *     org.springframework.boot.loader.launch.PropertiesLauncher 127.0.0.1:8080 http://127.0.0.1:8081/actuator/health/liveness 3000 60s
 * </pre>
 */
public final class SlowHttpCheck {

    private static final Duration PROBE_PERIOD = Duration.ofSeconds(2);

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private static final Duration BYTE_INTERVAL = Duration.ofSeconds(1);

    private SlowHttpCheck() {
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
    public static Result run(InetSocketAddress traffic, URI liveness, int clients, Duration duration, PrintStream out)
            throws IOException, InterruptedException {
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

    /** {@code HOST:PORT LIVENESS_URL [CLIENTS (3000)] [DURATION (60s)]}; exits 0 when the check passed. */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SlowHttpCheck HOST:PORT LIVENESS_URL [CLIENTS] [DURATION]");
            System.exit(2);
        }
        int colon = args[0].lastIndexOf(':');
        InetSocketAddress traffic = new InetSocketAddress(args[0].substring(0, colon),
                Integer.parseInt(args[0].substring(colon + 1)));
        int clients = (args.length > 2) ? Integer.parseInt(args[2]) : 3_000;
        Duration duration = (args.length > 3) ? DurationStyle.detectAndParse(args[3])
                : Duration.ofSeconds(60);
        Result result = run(traffic, URI.create(args[1]), clients, duration, System.out);
        System.out.println(result + (result.passed() ? ": passed" : ": FAILED"));
        System.exit(result.passed() ? 0 : 1);
    }
}
