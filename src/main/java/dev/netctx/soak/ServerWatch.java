package dev.netctx.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.netctx.footprint.ProcessStatus;
import org.jspecify.annotations.Nullable;

/**
 * What the soak reads of the server: its resident memory ({@code /proc/<pid>/status}) and, over
 * HTTP, the sessions its listeners accepted and hold open ({@code GET /api/listeners}) and the
 * contexts it lists ({@code GET /api/contexts}).
 */
final class ServerWatch {

    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

    private static final Pattern OPEN_SESSIONS = Pattern.compile("\"openSessions\"\\s*:\\s*(\\d+)");

    private static final Pattern SESSION_ENTRY = Pattern.compile("\"role\"\\s*:\\s*\"SESSION\"");

    private final long pid;

    private final String host;

    private final int httpPort;

    ServerWatch(long pid, String host, int httpPort) {
        this.pid = pid;
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

    /** Session counts of every listener ({@code GET /api/listeners}), or {@code null} without {@code --http-port}. */
    @Nullable SessionLog sessionLog() throws IOException, InterruptedException {
        if (this.httpPort <= 0) {
            return null;
        }
        String listeners = get("/api/listeners");
        long accepted = sum(ACCEPTED, listeners);
        long open = sum(OPEN_SESSIONS, listeners);
        return new SessionLog((int) accepted, (int) (accepted - open), (int) open);
    }

    private static long sum(Pattern field, String json) {
        long total = 0;
        for (Matcher matcher = field.matcher(json); matcher.find();) {
            total += Long.parseLong(matcher.group(1));
        }
        return total;
    }

    /** The number of sessions {@code GET /api/contexts} lists, or -1 without {@code --http-port}. */
    int sessionsListed() throws IOException, InterruptedException {
        if (this.httpPort <= 0) {
            return -1;
        }
        return (int) SESSION_ENTRY.matcher(get("/api/contexts")).results().count();
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + this.host + ":" + this.httpPort + path))
                .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode());
        }
        return response.body();
    }

    /**
     * The sessions of the server's listeners.
     * @param opened sessions opened
     * @param closed sessions closed
     * @param open sessions opened and not closed
     */
    record SessionLog(int opened, int closed, int open) {
    }
}
