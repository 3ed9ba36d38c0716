package dev.netctx.tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.netctx.hostile.TricklingHttpClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slowloris clients on the traffic port, over real sockets: each sends a header byte every 100 ms,
 * well within Tomcat's per-read {@code connection-timeout} (here 20 s), so that only the deadline
 * for a complete header (here 1 s) can close them. The server closes every one of them after the
 * deadline, and the liveness probe on the management port answers meanwhile (within 10 s: a
 * shared, loaded build machine is slow, and the timing of the probe is the hostile-peer check's job,
 * {@link dev.netctx.hostile.SlowHttpCheck}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0",
                "netctx.http.request-header-timeout=1s", "server.tomcat.connection-timeout=20s" })
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequestHeaderDeadlineTests {

    private static final int TRICKLERS = 300;

    private static final Duration DEADLINE = Duration.ofSeconds(1);

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void everyTricklerIsClosedAfterTheDeadlineWhileLivenessAnswers() throws Exception {
        long started = System.nanoTime();
        try (TricklingHttpClients tricklers = new TricklingHttpClients(new InetSocketAddress("127.0.0.1", this.port),
                TRICKLERS)) {
            long[] firstClosed = { -1 };
            await().atMost(Duration.ofSeconds(20)).pollInSameThread().pollInterval(Duration.ofMillis(100)).until(() -> {
                tricklers.trickle();
                tricklers.poll(0);
                if (firstClosed[0] < 0 && tricklers.closedByServer() > 0) {
                    firstClosed[0] = System.nanoTime();
                }
                assertThat(liveness()).as("liveness while trickling").isEqualTo(200);
                return tricklers.closedByServer() >= TRICKLERS;
            });
            assertThat(Duration.ofNanos(firstClosed[0] - started)).as("time to the first close").isGreaterThanOrEqualTo(DEADLINE);
            assertThat(tricklers.opened()).isEqualTo(TRICKLERS);
        }
        assertThat(liveness()).isEqualTo(200);
    }

    @Test
    void aRequestWhoseHeaderCompletesInTimeIsAnswered() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/listeners HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().pollDelay(Duration.ofMillis(300)).until(socket::isConnected);
            out.write("Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 200");
        }
    }

    private int liveness() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest
            .newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/actuator/health/liveness"))
            .timeout(Duration.ofSeconds(10))
            .build();
        return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
