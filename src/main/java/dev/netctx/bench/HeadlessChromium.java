package dev.netctx.bench;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Headless Chromium driven through its DevTools protocol with the JDK's HTTP and WebSocket clients
 * (no WebDriver at run time): it opens pages as tabs and reads the live page's
 * {@code netctx:first-render} performance mark, the time from navigation start until the listener
 * cards and the first rows were in the DOM.
 */
final class HeadlessChromium implements Closeable {

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on ws://([^/]+)/");

    /** The mark's time, or -1 while the tab still shows its initial blank document. */
    private static final String FIRST_RENDER = """
            location.href.startsWith('http') ? new Promise((resolve) => {
              const check = () => {
                const mark = performance.getEntriesByName('netctx:first-render')[0];
                if (mark) resolve(mark.startTime); else setTimeout(check, 5);
              };
              check();
            }) : -1""";

    private final JsonMapper json = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();

    private final Process process;

    private final Path profile;

    private final String devtools;

    private HeadlessChromium(Process process, Path profile, String devtools) {
        this.process = process;
        this.profile = profile;
        this.devtools = devtools;
    }

    /** Starts {@code binary} headless with a fresh profile and waits for its DevTools endpoint. */
    static HeadlessChromium start(Path binary, Duration timeout) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("netctx-bench-chromium");
        Process process = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> readDevtoolsEndpoint(process, endpoint), "bench-chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return new HeadlessChromium(process, profile, endpoint.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        }
        catch (ExecutionException | TimeoutException ex) {
            new HeadlessChromium(process, profile, null).close();
            throw new IOException(binary + " did not open its DevTools endpoint within " + timeout, ex);
        }
    }

    /** Opens {@code page} in a new tab. */
    Tab open(URI page) throws IOException, InterruptedException {
        URI create = URI.create("http://" + this.devtools + "/json/new?"
                + URLEncoder.encode(page.toString(), StandardCharsets.UTF_8));
        HttpResponse<String> response = this.http.send(
                HttpRequest.newBuilder(create).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("chromium did not open a tab: HTTP " + response.statusCode() + " " + response.body());
        }
        JsonNode target = this.json.readTree(response.body());
        return new Tab(target.get("id").asString(), URI.create(target.get("webSocketDebuggerUrl").asString()));
    }

    /** The tab's {@code netctx:first-render} mark: milliseconds from its navigation start to the first render. */
    double firstRenderMillis(Tab tab, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DevToolsSession session = DevToolsSession.connect(this.http, this.json, tab.debugger())) {
            while (System.nanoTime() < deadline) {
                JsonNode reply = session.evaluate(FIRST_RENDER, Duration.ofNanos(deadline - System.nanoTime()));
                JsonNode value = reply.path("result").path("result").path("value");
                // an error or exception: the blank document was replaced while evaluating; ask again
                if (value.isNumber() && value.asDouble() >= 0) {
                    return value.asDouble();
                }
                TimeUnit.MILLISECONDS.sleep(10);
            }
        }
        throw new IOException("the page in tab " + tab.id() + " did not render within " + timeout);
    }

    /** Closes a tab. */
    void close(Tab tab) throws IOException, InterruptedException {
        this.http.send(HttpRequest.newBuilder(URI.create("http://" + this.devtools + "/json/close/" + tab.id())).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() throws IOException {
        this.process.descendants().forEach(ProcessHandle::destroy);
        this.process.destroy();
        try {
            if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
                this.process.descendants().forEach(ProcessHandle::destroyForcibly);
                this.process.destroyForcibly();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(this.profile)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Completes {@code endpoint} with the DevTools host:port from chromium's stderr, then drains the rest. */
    private static void readDevtoolsEndpoint(Process process, CompletableFuture<String> endpoint) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    endpoint.complete(matcher.group(1));
                }
            }
            endpoint.completeExceptionally(new IOException("chromium exited before opening its DevTools endpoint"));
        }
        catch (IOException ex) {
            endpoint.completeExceptionally(ex);
        }
    }

    /**
     * A tab of the browser.
     * @param id its DevTools target id
     * @param debugger its DevTools WebSocket address
     */
    record Tab(String id, URI debugger) {
    }
}
