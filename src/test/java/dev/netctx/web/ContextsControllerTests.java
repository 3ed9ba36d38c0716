package dev.netctx.web;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextPage;
import dev.netctx.context.ContextQuery;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ContextRole;
import dev.netctx.context.ContextSortKey;
import dev.netctx.context.ContextState;
import dev.netctx.context.PeerFilter;
import dev.netctx.net.NetProtocol;
import dev.netctx.security.NetctxSecurityProperties;
import dev.netctx.security.SecurityConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.clearInvocations;
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
        given(this.registry.page(any())).willReturn(ContextPage.of(List.of(), ContextQuery.DEFAULT, 0));
        given(this.registry.page(ContextQuery.DEFAULT)).willReturn(new ContextPage(
                List.of(TCP_LISTENER, UDP_LISTENER, TCP_SESSION, UDP_SESSION), new ContextPage.Metadata(50, 0, 4, 1)));
        given(this.registry.find(3)).willReturn(Optional.of(TCP_SESSION));
    }

    @Test
    void listsTheFirstPageOfFiftyByIdWithEveryFieldAndThePageMetadata() {
        assertThat(this.mvc.get().uri("/api/contexts")).hasStatusOk()
            .bodyJson()
            .isStrictlyEqualTo("""
                    {"content":[
                      {"id":1,"listener":"tcp","role":"LISTENER","protocol":"TCP","local":"127.0.0.1:4442","remote":null,
                       "openedAt":"2026-11-25T10:15:30Z","lastActivityAt":"2026-11-25T10:15:31Z","bytesReceived":10,
                       "bytesSent":20,"state":"LISTENING","rateIn":0,"rateOut":0,"tls":null},
                      {"id":2,"listener":"udp","role":"LISTENER","protocol":"UDP","local":"[::1]:4442","remote":null,
                       "openedAt":"2026-11-25T10:15:30Z","lastActivityAt":"2026-11-25T10:15:31Z","bytesReceived":20,
                       "bytesSent":40,"state":"LISTENING","rateIn":0,"rateOut":0,"tls":null},
                      {"id":3,"listener":"tcp","role":"SESSION","protocol":"TCP","local":"127.0.0.1:4442",
                       "remote":"127.0.0.1:50000","openedAt":"2026-11-25T10:15:30Z","lastActivityAt":"2026-11-25T10:15:31Z",
                       "bytesReceived":30,"bytesSent":60,"state":"OPEN","rateIn":3,"rateOut":6,"tls":null},
                      {"id":4,"listener":"udp","role":"SESSION","protocol":"UDP","local":"[::1]:4442",
                       "remote":"[::1]:50001","openedAt":"2026-11-25T10:15:30Z","lastActivityAt":"2026-11-25T10:15:31Z",
                       "bytesReceived":40,"bytesSent":80,"state":"OPEN","rateIn":4,"rateOut":8,"tls":null}
                    ],
                    "page":{"size":50,"number":0,"totalElements":4,"totalPages":1}}""");
    }

    @Test
    void passesPagingSortingAndEveryFilterAsOneQuery() {
        assertThat(query("/api/contexts?page=2&size=10&sort=bytesReceived,desc&listener=tcp&protocol=TCP"
                + "&role=session&state=open&remote=127.0.0.0/8")).satisfies((query) -> {
                    assertThat(query).returns(2, ContextQuery::page).returns(10, ContextQuery::size)
                        .returns(ContextSortKey.BYTES_RECEIVED, ContextQuery::sort)
                        .returns(true, ContextQuery::descending)
                        .returns("tcp", ContextQuery::listener)
                        .returns(NetProtocol.TCP, ContextQuery::protocol)
                        .returns(ContextRole.SESSION, ContextQuery::role)
                        .returns(ContextState.OPEN, ContextQuery::state);
                    assertThat(query.remote().network().prefixLength()).isEqualTo(8);
                });
        assertThat(query("/api/contexts?sort=rate")).returns(ContextSortKey.RATE, ContextQuery::sort)
            .returns(false, ContextQuery::descending);
        assertThat(query("/api/contexts?sort=lastActivityAt,DESC")).returns(ContextSortKey.LAST_ACTIVITY_AT,
                ContextQuery::sort).returns(true, ContextQuery::descending);
        assertThat(query("/api/contexts?sort=openedAt,asc&size=1000")).returns(ContextSortKey.OPENED_AT, ContextQuery::sort)
            .returns(1000, ContextQuery::size);
        assertThat(query("/api/contexts?remote=*:50000").remote().port()).isEqualTo(50000);
    }

    private ContextQuery query(String uri) {
        clearInvocations(this.registry);
        assertThat(this.mvc.get().uri(uri)).hasStatusOk();
        ArgumentCaptor<ContextQuery> query = ArgumentCaptor.forClass(ContextQuery.class);
        verify(this.registry).page(query.capture());
        return query.getValue();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void badPagingOrSortingIsABadRequestProblemNamingWhatIsAcceptedAndLogsNoStackTrace(CapturedOutput output) {
        String sorts = "expected one of id, bytesReceived, bytesSent, rate, openedAt, lastActivityAt, optionally followed by ,asc or ,desc";
        Map<String, String> details = new LinkedHashMap<>();
        details.put("size=0", "Invalid size '0': expected a whole number from 1 to 1000");
        details.put("size=1001", "Invalid size '1001': expected a whole number from 1 to 1000");
        details.put("size=ten", "Invalid size 'ten': expected a whole number from 1 to 1000");
        details.put("page=-1", "Invalid page '-1': expected a whole number from 0");
        details.put("page=99999999999", "Invalid page '99999999999': expected a whole number from 0");
        details.put("sort=peer", "Invalid sort 'peer': " + sorts);
        details.put("sort=rate,up", "Invalid sort 'rate,up': " + sorts);
        details.put("sort=rate,desc,id", "Invalid sort 'rate,desc,id': " + sorts);
        details.put("sort=Rate", "Invalid sort 'Rate': " + sorts);
        details.put("sort=", "Parameter 'sort' is empty: leave it out for the default");
        details.put("sort=id&sort=rate", "Parameter 'sort' given 2 times: give each parameter once");
        details.put("state=gone", "Invalid state 'gone': expected listening or open or closed (any case)");
        details.put("remote=example.com", "Invalid remote 'example.com' ('example.com' is not an IPv4 or IPv6 address): expected "
                + PeerFilter.FORMS);
        details.put("remote=10.0.0.0/33", "Invalid remote '10.0.0.0/33' (the prefix length after '/' must be 0..32): expected "
                + PeerFilter.FORMS);
        details.put("remote=*:70000", "Invalid remote '*:70000' (port 70000 is above 65535): expected " + PeerFilter.FORMS);
        details.put("pagesize=10", "Unknown parameter 'pagesize': the parameters are page, size, sort, listener, protocol, "
                + "role, state, remote");
        clearInvocations(this.registry);
        details.forEach((query, detail) -> assertProblem(this.mvc.get().uri("/api/contexts?" + query).exchange(),
                HttpStatus.BAD_REQUEST, detail));
        verify(this.registry, never()).page(any());
        assertThat(output.getOut() + output.getErr()).doesNotContain("Exception", "\tat ");
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
        boolean listening = role == ContextRole.LISTENER;
        return new ContextInfo(id, listener, role, protocol, local, remote, OPENED, OPENED.plusSeconds(1), 10 * id,
                20 * id, listening ? ContextState.LISTENING : ContextState.OPEN, listening ? 0 : id, listening ? 0 : 2 * id, null);
    }
}
