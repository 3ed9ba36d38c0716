package dev.netctx.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.NetContextFactory;
import dev.netctx.context.TrackedContext;
import dev.netctx.net.NetException;
import dev.netctx.net.NetProtocol;
import dev.netctx.security.SecurityConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paging, sorting and filtering contract of {@code GET /api/contexts} over a real registry of
 * loopback contexts: a listener, six clients and their six sessions, whose sessions received
 * 300, 100, 300, 0, 200 and 300 bytes. Rates come from samples stepped by the test, not by a clock.
 */
@WebMvcTest(ContextsController.class)
@Import({ SecurityConfiguration.class, ContextRegistry.class, NetContextFactory.class })
@Timeout(30)
class ContextPagingTests {

    private static final int[] RECEIVED = { 300, 100, 300, 0, 200, 300 };

    @Autowired
    private MockMvcTester mvc;

    @Autowired
    private ContextRegistry registry;

    @Autowired
    private NetContextFactory factory;

    private final List<TrackedContext> opened = new ArrayList<>();

    private TrackedContext listener;

    /** Session ids in the order they were opened (increasing). */
    private final List<Long> sessions = new ArrayList<>();

    private final List<TrackedContext> clients = new ArrayList<>();

    @BeforeEach
    void openContexts() throws NetException {
        this.listener = track(this.factory.listen("echo", NetProtocol.TCP, "127.0.0.1", 0));
        long start = System.nanoTime();
        List<TrackedContext> accepted = new ArrayList<>();
        for (int i = 0; i < RECEIVED.length; i++) {
            TrackedContext client = track(this.factory.connect("probe", "127.0.0.1", port(), NetProtocol.TCP, 5_000));
            this.clients.add(client);
            TrackedContext session = track(this.factory.session(this.listener, this.listener.accept()));
            this.sessions.add(session.id());
            accepted.add(session);
        }
        // six quiet seconds fill the rate window, then the bytes move within the last five
        for (int second = 1; second <= 6; second++) {
            this.registry.sample(start + TimeUnit.SECONDS.toNanos(second));
        }
        for (int i = 0; i < RECEIVED.length; i++) {
            transfer(this.clients.get(i), accepted.get(i), RECEIVED[i]);
        }
        this.registry.sample(start + TimeUnit.SECONDS.toNanos(7));
    }

    @AfterEach
    void closeContexts() {
        this.opened.forEach(TrackedContext::close);
    }

    @Test
    void sortsByBytesReceivedDescendingWithTiesByIncreasingId() {
        assertThat(ids("?role=session&sort=bytesReceived,desc")).containsExactly(session(0), session(2), session(5),
                session(4), session(1), session(3));
        assertThat(ids("?role=session&sort=bytesReceived")).containsExactly(session(3), session(1), session(4),
                session(0), session(2), session(5));
    }

    @Test
    void sortsByRateOverTheLastSecondsWhichEachContextCarries() {
        assertThat(ids("?role=session&sort=rate,desc")).containsExactly(session(0), session(2), session(5),
                session(4), session(1), session(3));
        String body = body("?role=session&sort=rate,desc&size=1");
        assertThat((Integer) JsonPath.read(body, "$.content[0].rateIn")).isEqualTo(300 / 5);
        assertThat((Integer) JsonPath.read(body, "$.content[0].rateOut")).isZero();
    }

    @Test
    void sortsByIdOpenedAtAndLastActivityEitherWay() {
        List<Long> byId = this.sessions;
        List<Long> reversed = new ArrayList<>(byId);
        Collections.reverse(reversed);
        assertThat(ids("?role=session")).isEqualTo(byId);
        assertThat(ids("?role=session&sort=id,desc")).isEqualTo(reversed);
        assertThat(ids("?role=session&sort=openedAt,asc")).isEqualTo(byId);
        assertThat(ids("?role=session&sort=openedAt,desc")).isEqualTo(reversed);
        // session 3 received nothing: its last activity is its opening, before every other session's bytes
        assertThat(ids("?role=session&sort=lastActivityAt")).startsWith(session(3));
        assertThat(ids("?role=session&sort=lastActivityAt,desc")).startsWith(session(5)).endsWith(session(3));
    }

    @Test
    void pagesCarryTheTotalAndAPageBeyondTheLastIsEmptyWithTheSameTotal() {
        for (String sort : List.of("id", "bytesReceived,desc")) {
            String first = body("?role=session&size=4&sort=" + sort);
            assertThat(JsonPath.<List<Object>>read(first, "$.content")).hasSize(4);
            assertPage(first, 4, 0, 6, 2);
            String second = body("?role=session&size=4&page=1&sort=" + sort);
            assertThat(JsonPath.<List<Object>>read(second, "$.content")).hasSize(2);
            assertPage(second, 4, 1, 6, 2);
            String beyond = body("?role=session&size=4&page=7&sort=" + sort);
            assertThat(JsonPath.<List<Object>>read(beyond, "$.content")).isEmpty();
            assertPage(beyond, 4, 7, 6, 2);
        }
        assertThat(ids("?role=session&size=4&page=1&sort=bytesReceived,desc")).containsExactly(session(1), session(3));
        assertPage(body("?listener=nobody"), 50, 0, 0, 0);
    }

    @Test
    void filtersByRemoteAddressPortRangeAndState() {
        String local = this.registry.find(this.clients.get(4).id()).orElseThrow().local();
        String clientPort = local.substring(local.lastIndexOf(':') + 1);
        assertThat(ids("?remote=127.0.0.1:" + clientPort)).containsExactly(session(4));
        assertThat(ids("?remote=[::ffff:127.0.0.1]:" + clientPort)).containsExactly(session(4));
        assertThat(ids("?remote=*:" + port())).hasSize(6).allMatch((id) -> !this.sessions.contains(id));
        assertThat(ids("?remote=127.0.0.0/8&role=session")).isEqualTo(this.sessions);
        assertThat(ids("?remote=127.0.0.1&role=session")).isEqualTo(this.sessions);
        assertThat(ids("?remote=10.0.0.0/8")).isEmpty();
        assertThat(ids("?remote=::1")).isEmpty();
        assertThat(ids("?state=listening&listener=echo")).containsExactly(this.listener.id());
        assertThat(ids("?state=OPEN&listener=echo")).isEqualTo(this.sessions);
        assertThat(ids("?state=closed")).isEmpty();
    }

    private long session(int index) {
        return this.sessions.get(index);
    }

    private List<Long> ids(String query) {
        List<Number> ids = JsonPath.read(body(query), "$.content[*].id");
        return ids.stream().map(Number::longValue).toList();
    }

    private String body(String query) {
        MvcTestResult result = this.mvc.get().uri("/api/contexts" + query).exchange();
        assertThat(result).hasStatusOk();
        return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
    }

    private static void assertPage(String body, int size, int number, int totalElements, int totalPages) {
        assertThat((Integer) JsonPath.read(body, "$.page.size")).isEqualTo(size);
        assertThat((Integer) JsonPath.read(body, "$.page.number")).isEqualTo(number);
        assertThat((Integer) JsonPath.read(body, "$.page.totalElements")).isEqualTo(totalElements);
        assertThat((Integer) JsonPath.read(body, "$.page.totalPages")).isEqualTo(totalPages);
    }

    private int port() {
        return this.registry.listener("echo").orElseThrow().port();
    }

    private TrackedContext track(TrackedContext context) {
        this.opened.add(context);
        return context;
    }

    private static void transfer(TrackedContext client, TrackedContext session, int bytes) throws NetException {
        ByteBuffer out = ByteBuffer.allocate(bytes);
        while (out.hasRemaining()) {
            client.send(out);
        }
        ByteBuffer in = ByteBuffer.allocate(bytes);
        while (in.hasRemaining()) {
            session.recv(in);
        }
    }
}
