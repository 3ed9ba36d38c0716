package dev.netctx.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One DevTools protocol connection to a Chromium tab over the JDK's WebSocket client: commands are
 * sent with an id and their replies matched by it; events are ignored.
 */
final class DevToolsSession implements WebSocket.Listener, AutoCloseable {

    private final JsonMapper json;

    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private final AtomicInteger lastId = new AtomicInteger();

    private final StringBuilder message = new StringBuilder();

    private WebSocket socket;

    private DevToolsSession(JsonMapper json) {
        this.json = json;
    }

    static DevToolsSession connect(HttpClient http, JsonMapper json, URI debugger) throws IOException {
        DevToolsSession session = new DevToolsSession(json);
        try {
            session.socket = http.newWebSocketBuilder().buildAsync(debugger, session).get(10, TimeUnit.SECONDS);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IOException("cannot connect to " + debugger, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted connecting to " + debugger, ex);
        }
        return session;
    }

    /** {@code Runtime.evaluate} of {@code expression}, awaiting a promise it returns; the whole reply. */
    JsonNode evaluate(String expression, Duration timeout) throws IOException, InterruptedException {
        int id = this.lastId.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        this.pending.put(id, reply);
        String command = this.json.writeValueAsString(Map.of("id", id, "method", "Runtime.evaluate", "params",
                Map.of("expression", expression, "awaitPromise", true, "returnByValue", true)));
        this.socket.sendText(command, true);
        try {
            return reply.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IOException("no answer to Runtime.evaluate within " + timeout, ex);
        }
        finally {
            this.pending.remove(id);
        }
    }

    @Override
    public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        this.message.append(data);
        if (last) {
            JsonNode reply = this.json.readTree(this.message.toString());
            this.message.setLength(0);
            CompletableFuture<JsonNode> waiting = reply.has("id") ? this.pending.get(reply.get("id").asInt()) : null;
            if (waiting != null) {
                waiting.complete(reply);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        this.pending.values().forEach((reply) -> reply.completeExceptionally(error));
    }

    @Override
    public void close() {
        this.socket.abort();
    }
}
