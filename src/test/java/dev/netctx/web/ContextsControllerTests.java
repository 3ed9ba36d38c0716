package dev.netctx.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.jayway.jsonpath.JsonPath;
import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ContextRole;
import dev.netctx.context.ContextState;
import dev.netctx.net.NetProtocol;
import dev.netctx.security.NetctxSecurityProperties;
import dev.netctx.security.SecurityConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** The REST API and its errors, with no credentials configured (so closing is disabled). */
@WebMvcTest(ContextsController.class)
@Import(SecurityConfiguration.class)
class ContextsControllerTests {

    static final Instant OPENED = Instant.parse("2026-11-25T10:15:30Z");

    static final ContextInfo TCP_LISTENER = info(1, "tcp", ContextRole.LISTENER, NetProtocol.TCP, "127.0.0.1:4442", null);

    static final ContextInfo UDP_LISTENER = info(2, "udp", ContextRole.LISTENER, NetProtocol.UDP, "[::1]:4442", null);

    static final ContextInfo TCP_SESSION = info(3, "tcp", ContextRole.SESSION, NetProtocol.TCP, "127.0.0.1:4442",
            "127.0.0.1:50000");

    static final ContextInfo UDP_SESSION = info(4, "udp", ContextRole.SESSION, NetProtocol.UDP, "[::1]:4442",
            "[::1]:50001");

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private ContextRegistry registry;

    @BeforeEach
    void contexts() {
        given(this.registry.contexts()).willReturn(List.of(TCP_LISTENER, UDP_LISTENER, TCP_SESSION, UDP_SESSION));
        given(this.registry.find(3)).willReturn(Optional.of(TCP_SESSION));
    }

    @Test
    void listsEveryContextByIdWithItsFields() {
        assertThat(this.mvc.get().uri("/api/contexts")).hasStatusOk()
            .bodyJson()
            .isStrictlyEqualTo("""
                    [
                      {"id":1,"listener":"tcp","role":"LISTENER","protocol":"TCP","local":"127.0.0.1:4442","remote":null,
                       "openedAt":"2026-11-25T10:15:30Z","lastActivityAt":"2026-11-25T10:15:31Z","bytesReceived":10,
                       "bytesSent":20,"state":"LISTENING"},
                      {"id":2,"listener":"udp","role":"LISTENER","protocol":"UDP","local":"[::1]:4442","remote":null,
                       "openedAt":"2026-11-25T10:15:30Z","lastActivityAt":"2026-11-25T10:15:31Z","bytesReceived":20,
                       "bytesSent":40,"state":"LISTENING"},
                      {"id":3,"listener":"tcp","role":"SESSION","protocol":"TCP","local":"127.0.0.1:4442",
                       "remote":"127.0.0.1:50000","openedAt":"2026-11-25T10:15:30Z","lastActivityAt":"2026-11-25T10:15:31Z",
                       "bytesReceived":30,"bytesSent":60,"state":"OPEN"},
                      {"id":4,"listener":"udp","role":"SESSION","protocol":"UDP","local":"[::1]:4442",
                       "remote":"[::1]:50001","openedAt":"2026-11-25T10:15:30Z","lastActivityAt":"2026-11-25T10:15:31Z",
                       "bytesReceived":40,"bytesSent":80,"state":"OPEN"}
                    ]""");
    }

    @Test
    void filtersByListenerProtocolAndRoleInAnyCase() {
        assertThat(ids("/api/contexts?listener=udp")).containsExactly(2, 4);
        assertThat(ids("/api/contexts?protocol=tcp")).containsExactly(1, 3);
        assertThat(ids("/api/contexts?protocol=UDP")).containsExactly(2, 4);
        assertThat(ids("/api/contexts?role=session")).containsExactly(3, 4);
        assertThat(ids("/api/contexts?role=Listener&protocol=udp")).containsExactly(2);
        assertThat(ids("/api/contexts?listener=nope")).isEmpty();
    }

    private List<Integer> ids(String uri) {
        MvcTestResult result = this.mvc.get().uri(uri).exchange();
        assertThat(result).hasStatusOk();
        return JsonPath.read(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8), "$[*].id");
    }

    @Test
    void unknownProtocolIsABadRequestProblemNamingTheValues() {
        assertProblem(this.mvc.get().uri("/api/contexts?protocol=sctp").exchange(), HttpStatus.BAD_REQUEST,
                "Invalid protocol 'sctp': expected tcp or udp (any case)");
    }

    @Test
    void unknownRoleIsABadRequestProblemNamingTheValues() {
        assertProblem(this.mvc.get().uri("/api/contexts?role=server").exchange(), HttpStatus.BAD_REQUEST,
                "Invalid role 'server': expected listener or session or client (any case)");
    }

    @Test
    void showsOneContext() {
        assertThat(this.mvc.get().uri("/api/contexts/3")).hasStatusOk()
            .bodyJson()
            .extractingPath("$.remote")
            .isEqualTo("127.0.0.1:50000");
    }

    @Test
    void unknownIdIsANotFoundProblem() {
        assertProblem(this.mvc.get().uri("/api/contexts/99").exchange(), HttpStatus.NOT_FOUND,
                "No open context has id 99");
    }

    @Test
    void malformedIdIsABadRequestProblem() {
        assertProblem(this.mvc.get().uri("/api/contexts/abc").exchange(), HttpStatus.BAD_REQUEST,
                "Invalid id 'abc': expected a whole number");
        assertProblem(this.mvc.get().uri("/api/contexts/99999999999999999999").exchange(), HttpStatus.BAD_REQUEST,
                "Invalid id '99999999999999999999': expected a whole number");
    }

    @Test
    void closingWithoutConfiguredCredentialsIsForbiddenWithHowToEnableIt() {
        assertProblem(this.mvc.delete().uri("/api/contexts/3").exchange(), HttpStatus.FORBIDDEN,
                NetctxSecurityProperties.HOW_TO_ENABLE);
        assertProblem(this.mvc.delete().uri("/api/contexts/3").header("Authorization", "Bearer guess").exchange(),
                HttpStatus.FORBIDDEN, NetctxSecurityProperties.HOW_TO_ENABLE);
        verify(this.registry, never()).closeConnection(3);
    }

    @Test
    void accessSaysClosingIsDisabledAndWhy() {
        assertThat(this.mvc.get().uri("/api/access")).hasStatusOk()
            .bodyJson()
            .isStrictlyEqualTo("{\"closeEnabled\":false,\"schemes\":[],\"reason\":\""
                    + NetctxSecurityProperties.HOW_TO_ENABLE + "\"}");
    }

    @Test
    void unknownPathIsANotFoundProblem() {
        MvcTestResult result = this.mvc.get().uri("/api/nothing").exchange();
        assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    static void assertProblem(MvcTestResult result, HttpStatus status, String detail) {
        assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status.value());
        assertThat(result).bodyJson().extractingPath("$.title").isEqualTo(status.getReasonPhrase());
        assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo(detail);
        assertThat(result).bodyJson().extractingPath("$.instance").isEqualTo(result.getRequest().getRequestURI());
        assertThat(result.getResponse().getContentAsByteArray()).asString().doesNotContain("Exception", "at dev.");
    }

    static ContextInfo info(long id, String listener, ContextRole role, NetProtocol protocol, String local,
            String remote) {
        return new ContextInfo(id, listener, role, protocol, local, remote, OPENED, OPENED.plusSeconds(1), 10 * id,
                20 * id, (role == ContextRole.LISTENER) ? ContextState.LISTENING : ContextState.OPEN);
    }
}
