package dev.netctx.echo;

import java.time.Duration;
import java.util.List;

import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextPage;
import dev.netctx.context.ContextQuery;

import org.springframework.test.web.servlet.client.RestTestClient;

import org.awaitility.Awaitility;

/** The sessions of the PROXY protocol tests as {@code GET /api/contexts} lists them. */
record ProxiedSessions(RestTestClient http) {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The session whose connection's own peer (a proxy, or a client without header) is {@code peer}, once it shows {@code remote}. */
    ContextInfo awaitRemote(String peer, String remote) {
        return Awaitility.await().atMost(WAIT).until(() -> find(peer), (info) -> info != null && remote.equals(info.remote()));
    }

    /** The session whose remote is {@code client}, once it is listed. */
    ContextInfo awaitClient(String client) {
        return Awaitility.await().atMost(WAIT).until(() -> list().stream().filter((info) -> client.equals(info.remote()))
            .findFirst().orElse(null), (info) -> info != null);
    }

    /** The session whose proxy, or whose remote if it has none, is {@code peer}; {@code null} if none is open. */
    ContextInfo find(String peer) {
        return list().stream().filter((info) -> peer.equals((info.proxy() != null) ? info.proxy() : info.remote()))
            .findFirst().orElse(null);
    }

    private List<ContextInfo> list() {
        return this.http.get().uri("/api/contexts?role=session&size=" + ContextQuery.MAX_SIZE).exchange().expectStatus().isOk()
            .expectBody(ContextPage.class).returnResult().getResponseBody().content();
    }
}
