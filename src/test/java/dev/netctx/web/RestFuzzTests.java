package dev.netctx.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile HTTP input on a real server: bad ids, filters, enum values, path traversal, very long
 * strings, wrong methods and content types. Raw requests over a socket, so that nothing on the client
 * side normalises them; actuator requests go to the management port. Every answer is a 4xx problem detail, never a 500, never a stack trace.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0", "netctx.security.token=fuzz-token" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RestFuzzTests {

    private static final String LONG = "a".repeat(5_000);

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    static Stream<String> requests() {
        List<String> requests = new ArrayList<>();
        for (String id : List.of("-1", "0", "99999999999999999999", "abc", "1.5", "1e3", "0x10", "%00", "%20", "null",
                "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "..;", LONG, "1%0d%0aX-Injected:%201", "%C0%AE%C0%AE", "%ff", "1'--")) {
            requests.add("GET /api/contexts/" + id);
            requests.add("GET /actuator/netcontexts/" + id);
        }
        for (String query : List.of("protocol=sctp", "protocol=", "role=admin", "role=%00", "protocol=tcp&protocol=udp&protocol=x",
                "role=" + LONG, "unknown=1", "listener=", "listener=tcp&listener=udp", "listener=tcp&bogus=", "protocol[]=tcp", "%zz=1", "size=", "sort=",
                "sort=id&sort=rate")) {
            requests.add("GET /api/contexts?" + query);
        }
        for (String query : List.of("page=-1", "page=1e3", "page=99999999999", "size=0", "size=1001", "sort=bogus",
                "sort=rate,up", "sort=rate,desc,id", "state=gone", "remote=example.com", "remote=10.0.0.0/33",
                "remote=*:70000", "remote=" + LONG)) {
            requests.add("GET /api/contexts?" + query);
            requests.add("GET /actuator/netcontexts?" + query);
        }
        for (String path : List.of("/api/contexts/../../../etc/passwd", "/api/..%2f..%2fetc/passwd", "/api/contexts/1/2",
                "/api/nothing", "/api/" + LONG, "/api/contexts/%2F", "/api/contexts//", "/api/listeners/x")) {
            requests.add("GET " + path);
        }
        for (String id : List.of("abc", "-1", "99999999999999999999", "1.5", "%00")) {
            requests.add("DELETE /api/contexts/" + id);
            requests.add("DELETE /api/contexts/" + id + " AUTH");
            requests.add("DELETE /actuator/netcontexts/" + id + " AUTH");
        }
        for (String request : List.of("POST /api/contexts", "PUT /api/contexts/1", "PATCH /api/listeners", "DELETE /api/listeners",
                "POST /api/access", "PUT /api/contexts", "TRACE /api/contexts", "FOO /api/contexts")) {
            requests.add(request);
        }
        requests.add("POST /api/contexts XML");
        requests.add("GET /api/contexts ACCEPT_XML");
        requests.add("GET /api/contexts/abc ACCEPT_XML");
        requests.add("GET /api/contexts/abc ACCEPT_HTML");
        return requests.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void answerIsA4xxProblemDetailWithoutAStackTrace(String request) throws IOException {
        String response = send(request);
        String statusLine = response.substring(0, response.indexOf("\r\n"));
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        String headers = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(status).as(statusLine).isBetween(400, 499);
        assertThat(body).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(".java:");
        assertThat(headers).contains("content-type: application/problem+json");
        assertThat(body).contains("\"status\":" + status);
    }

    private String send(String request) throws IOException {
        String[] parts = request.split(" ");
        StringBuilder http = new StringBuilder(parts[0] + " " + parts[1] + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        for (int i = 2; i < parts.length; i++) {
            switch (parts[i]) {
                case "AUTH" -> http.append("Authorization: Bearer fuzz-token\r\n");
                case "ACCEPT_XML" -> http.append("Accept: application/xml\r\n");
                case "ACCEPT_HTML" -> http.append("Accept: text/html\r\n");
                case "XML" -> http.append("Content-Type: application/xml\r\nContent-Length: 7\r\n\r\n<a></a>");
                default -> throw new IllegalArgumentException(parts[i]);
            }
        }
        if (!request.endsWith(" XML")) {
            http.append("\r\n");
        }
        int port = parts[1].startsWith("/actuator/") ? this.managementPort : this.port;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(http.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return decodeChunks(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Removes the chunk sizes of a chunked body, if any. */
    private static String decodeChunks(String response) {
        int end = response.indexOf("\r\n\r\n");
        if (end < 0 || !response.substring(0, end).toLowerCase().contains("transfer-encoding: chunked")) {
            return response;
        }
        StringBuilder body = new StringBuilder();
        int at = end + 4;
        while (true) {
            int line = response.indexOf("\r\n", at);
            int size = Integer.parseInt(response.substring(at, line).trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(response, line + 2, line + 2 + size);
            at = line + 2 + size + 2;
        }
        return response.substring(0, end + 4) + body;
    }
}
