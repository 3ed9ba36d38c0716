package dev.netctx.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * What refusing wrong credentials costs the server: {@code requests} closing requests ({@code DELETE
 * /api/contexts/0}) back to back on one connection, alternately with an unknown HTTP Basic user and a
 * wrong bearer token, after as many to warm up, each answered {@code 401} (or {@code 403} where no
 * credentials are configured). A guessing client should cost the server next to nothing per guess;
 * this measures it end to end, HTTP included.
 * @param latency each refusal's latency, in nanoseconds
 * @param cpuNanos the server's CPU time over the measured refusals (user and system, all its
 * threads), or {@code null} without its process id or where the platform does not tell
 */
record RefusalCost(Histogram latency, int requests, @Nullable Long cpuNanos) {

    static RefusalCost measure(HttpClient client, URI base, int requests, Duration timeout, @Nullable Long serverPid)
            throws IOException, InterruptedException {
        URI uri = base.resolve("api/contexts/0");
        HttpRequest basic = HttpRequest.newBuilder(uri).timeout(timeout).DELETE()
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("intruder:guess".getBytes(StandardCharsets.UTF_8)))
            .build();
        HttpRequest bearer = HttpRequest.newBuilder(uri).timeout(timeout).DELETE().header("Authorization", "Bearer guess").build();
        for (int i = 0; i < requests; i++) {
            refuse(client, (i % 2 == 0) ? basic : bearer);
        }
        Histogram latency = Report.latencyHistogram();
        Optional<Duration> cpuBefore = cpu(serverPid);
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            refuse(client, (i % 2 == 0) ? basic : bearer);
            latency.recordValue(Math.min(System.nanoTime() - start, latency.getHighestTrackableValue()));
        }
        Optional<Duration> cpuAfter = cpu(serverPid);
        Long cpuNanos = (cpuBefore.isPresent() && cpuAfter.isPresent())
                ? cpuAfter.get().minus(cpuBefore.get()).toNanos() : null;
        return new RefusalCost(latency, requests, cpuNanos);
    }

    /** Adds {@code refused_p50_us} .. and, where the server's CPU time is known, {@code refused_cpu_us} per refusal. */
    void addTo(Report report) {
        report.addLatency("refused", this.latency);
        if (this.cpuNanos != null && this.requests > 0) {
            report.add("refused_cpu_us", this.cpuNanos / 1000.0 / this.requests);
        }
    }

    private static void refuse(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 401 && response.statusCode() != 403) {
            throw new IOException(request.method() + " " + request.uri() + " with wrong credentials answered HTTP "
                    + response.statusCode() + ", not a refusal: " + response.body());
        }
    }

    private static Optional<Duration> cpu(@Nullable Long pid) {
        return (pid != null) ? ProcessHandle.of(pid).flatMap((process) -> process.info().totalCpuDuration()) : Optional.empty();
    }
}
