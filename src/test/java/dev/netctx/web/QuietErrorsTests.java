package dev.netctx.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed requests over a real socket are answered with a {@code 400} problem and leave the log
 * quiet: 50 of them write a few lines at most, never an ERROR or a stack trace. {@code GET /error}
 * is not a {@code 500}. Every answer has the page's security headers, and a host name that is not
 * allowed (DNS rebinding) is refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0",
                "netctx.security.allowed-hosts=netctx.example" })
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QuietErrorsTests {

    private static final List<String> MALFORMED = List.of("/api/contexts?role=%ff", "/api/contexts?role=%zz",
            "/api/contexts?%ff=1", "/api/contexts?protocol=%e0%80", "/api/contexts/%ff", "/api/contexts/%zz",
            "/api/%c0%ae%c0%ae/contexts", "/api/contexts?listener=%", "/api/contexts/%00", "/api/contexts?role=%ff%fe");

    @LocalServerPort
    private int port;

    @Test
    void fiftyMalformedRequestsAre400ProblemsAndWriteAFewLinesAtMost(CapturedOutput output) throws IOException {
        int before = output.getOut().length() + output.getErr().length();
        for (int i = 0; i < 50; i++) {
            String response = get(MALFORMED.get(i % MALFORMED.size()), "localhost");
            assertThat(status(response)).as(MALFORMED.get(i % MALFORMED.size())).isEqualTo(400);
            assertThat(response.toLowerCase()).contains("content-type: application/problem+json");
        }
        String logged = output.toString().substring(before);
        assertThat(logged.lines().count()).as(logged).isLessThanOrEqualTo(5);
        assertThat(logged).doesNotContain("ERROR").doesNotContain("\tat ");
    }

    @Test
    void getErrorIsANotFoundProblem() throws IOException {
        String response = get("/error", "localhost");
        assertThat(status(response)).isEqualTo(404);
        assertThat(response.toLowerCase()).contains("content-type: application/problem+json");
    }

    @Test
    void everyAnswerHasTheContentSecurityAndReferrerPolicies() throws IOException {
        for (String path : List.of("/", "/app.js", "/api/contexts", "/api/contexts/abc")) {
            String headers = head(get(path, "localhost"));
            assertThat(headers).as(path).contains("content-security-policy: default-src 'self'")
                .contains("referrer-policy: no-referrer");
        }
    }

    @Test
    void onlyIpLiteralsLocalhostAndTheAllowedNamesAreAnswered() throws IOException {
        for (String host : List.of("localhost", "127.0.0.1", "[::1]", "app.localhost", "NETCTX.example")) {
            assertThat(status(get("/api/listeners", host + ":" + this.port))).as(host).isEqualTo(200);
        }
        for (String host : List.of("rebind.attacker.example", "netctx.example.attacker.example", "localhost.attacker.example")) {
            String response = get("/api/listeners", host + ":" + this.port);
            assertThat(status(response)).as(host).isEqualTo(400);
            assertThat(response.toLowerCase()).contains("content-type: application/problem+json");
        }
    }

    private String get(String path, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int status(String response) {
        return Integer.parseInt(response.substring(0, response.indexOf("\r\n")).split(" ")[1]);
    }

    private static String head(String response) {
        return response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
    }
}
