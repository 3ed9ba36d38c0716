package dev.netctx.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** docker/healthcheck.sh, the image's HEALTHCHECK, run with bash against a readiness endpoint on 127.0.0.1 (the management port). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HealthcheckScriptTests {

    private static final Path SCRIPT = Path.of("docker", "healthcheck.sh");

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (this.server != null) {
            this.server.stop(0);
        }
    }

    @Test
    void readyWhenTheReadinessGroupAnswers200() throws Exception {
        assertThat(healthcheck(serveReadiness(200))).isZero();
    }

    @Test
    void notReadyWhenTheReadinessGroupAnswers503() throws Exception {
        assertThat(healthcheck(serveReadiness(503))).isEqualTo(1);
    }

    @Test
    void notReadyWhenNothingListens() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = socket.getLocalPort();
        }
        assertThat(healthcheck(freePort)).isEqualTo(1);
    }

    private int serveReadiness(int status) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/actuator/health/readiness", (exchange) -> {
            byte[] body = (status == 200 ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}").getBytes();
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        this.server.start();
        return this.server.getAddress().getPort();
    }

    private static int healthcheck(int port) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("MANAGEMENT_SERVER_PORT", Integer.toString(port));
        Process process = builder.start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("healthcheck finished").isTrue();
        return process.exitValue();
    }
}
