package dev.netctx.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

import dev.netctx.footprint.ProcessStatus;
import java.util.regex.Pattern;

/**
 * What the soak reads of the server: its resident memory ({@code /proc/<pid>/status}), the sessions
 * its log says were opened and closed (the {@code Opened context …} / {@code Closed context …} lines
 * of {@code ContextRegistry}), and, over HTTP, the contexts it lists ({@code GET /api/contexts}).
 */
final class ServerWatch {

    private static final Pattern CONTEXT_LINE = Pattern.compile("(Opened|Closed) context (\\d+) \\[(\\w+) of ");

    private static final Pattern SESSION_ENTRY = Pattern.compile("\"role\"\\s*:\\s*\"SESSION\"");

    private final long pid;

    private final Path log;

    private final String host;

    private final int httpPort;

    ServerWatch(long pid, Path log, String host, int httpPort) {
        this.pid = pid;
        this.log = log;
        this.host = host;
        this.httpPort = httpPort;
    }

    /** The server's resident set size in KiB, or -1 without {@code --server-pid}. */
    long rssKib() {
        if (this.pid <= 0) {
            return -1;
        }
        return ProcessStatus.of(this.pid).residentKib().orElse(-1);
    }

    /** Session counts from the server's log, or {@code null} without {@code --server-log}. */
    SessionLog sessionLog() throws IOException {
        if (this.log == null) {
            return null;
        }
        Set<Long> opened = new HashSet<>();
        Set<Long> closed = new HashSet<>();
        List<String> lines = Files.readAllLines(this.log);
        for (String line : lines) {
            Matcher matcher = CONTEXT_LINE.matcher(line);
            if (matcher.find() && !matcher.group(3).equals("LISTENER")) {
                (matcher.group(1).equals("Opened") ? opened : closed).add(Long.parseLong(matcher.group(2)));
            }
        }
        Set<Long> open = new HashSet<>(opened);
        open.removeAll(closed);
        return new SessionLog(opened.size(), closed.size(), open.size());
    }

    /** The number of sessions {@code GET /api/contexts} lists, or -1 without {@code --http-port}. */
    int sessionsListed() throws IOException, InterruptedException {
        if (this.httpPort <= 0) {
            return -1;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + this.host + ":" + this.httpPort + "/api/contexts"))
                .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /api/contexts answered " + response.statusCode());
        }
        return (int) SESSION_ENTRY.matcher(response.body()).results().count();
    }

    /**
     * The sessions of the server's log.
     * @param opened sessions opened
     * @param closed sessions closed
     * @param open sessions opened and not closed
     */
    record SessionLog(int opened, int closed, int open) {
    }
}
