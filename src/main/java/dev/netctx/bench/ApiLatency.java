package dev.netctx.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.HdrHistogram.Histogram;

/**
 * The latency and size of one REST request repeated back to back on one connection, after a warm-up:
 * what a page that polls it costs the server, per answer.
 * @param latency the latency of each answer, in nanoseconds
 * @param bytes the body size of the last answer
 * @param body the body of the last answer
 */
record ApiLatency(Histogram latency, long bytes, String body) {

    static ApiLatency measure(HttpClient client, URI uri, int warmup, int requests, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").build();
        Histogram latency = Report.latencyHistogram();
        byte[] body = new byte[0];
        for (int i = 0; i < warmup + requests; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long nanos = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IOException("GET " + uri + ": HTTP " + response.statusCode() + " "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            body = response.body();
            if (i >= warmup) {
                latency.recordValue(Math.min(nanos, latency.getHighestTrackableValue()));
            }
        }
        return new ApiLatency(latency, body.length, new String(body, StandardCharsets.UTF_8));
    }
}
