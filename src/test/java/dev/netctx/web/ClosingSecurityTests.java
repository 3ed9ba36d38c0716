package dev.netctx.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextNotClosableException;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ContextState;
import dev.netctx.security.SecurityConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static dev.netctx.web.ContextsControllerTests.TCP_LISTENER;
import static dev.netctx.web.ContextsControllerTests.TCP_SESSION;
import static dev.netctx.web.ContextsControllerTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** Closing a context with HTTP Basic and bearer-token credentials configured. */
@WebMvcTest(controllers = ContextsController.class, properties = { "netctx.security.username=operator",
        "netctx.security.password=open-sesame", "netctx.security.token=t0ken" })
@Import(SecurityConfiguration.class)
class ClosingSecurityTests {

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private ContextRegistry registry;

    @Test
    void readsNeedNoCredentials() {
        assertThat(this.mvc.get().uri("/api/contexts")).hasStatusOk();
        assertThat(this.mvc.get().uri("/api/listeners")).hasStatusOk();
        assertThat(this.mvc.get().uri("/api/access")).hasStatusOk()
            .bodyJson()
            .isStrictlyEqualTo("{\"closeEnabled\":true,\"schemes\":[\"basic\",\"bearer\"],\"reason\":null}");
    }

    @Test
    void closingWithoutCredentialsIsUnauthorizedWithBothChallenges() {
        MvcTestResult result = this.mvc.delete().uri("/api/contexts/3").exchange();
        assertProblem(result, HttpStatus.UNAUTHORIZED,
                "Closing a context needs credentials (basic or bearer): Full authentication is required to access this resource");
        assertThat(result.getResponse().getHeaders(HttpHeaders.WWW_AUTHENTICATE))
            .containsExactly("Basic realm=\"netctx\"", "Bearer realm=\"netctx\"");
        verify(this.registry, never()).closeConnection(anyLong());
    }

    @Test
    void aScriptGetsNoChallengeSoThatTheBrowserOpensNoDialog() {
        MvcTestResult result = this.mvc.delete().uri("/api/contexts/3").header("X-Requested-With", "XMLHttpRequest")
            .exchange();
        assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED).doesNotContainHeader(HttpHeaders.WWW_AUTHENTICATE);
    }

    @Test
    void aWrongPasswordOnACloseIsNotAcceptedAndSaysWhatClosingNeeds() {
        MvcTestResult result = this.mvc.delete().uri("/api/contexts/3")
            .header(HttpHeaders.AUTHORIZATION, basic("operator", "guess"))
            .exchange();
        assertProblem(result, HttpStatus.UNAUTHORIZED, "The credentials sent were not accepted: Bad credentials. "
                + "Closing a context needs the configured credentials (basic or bearer)");
        assertThat(result.getResponse().getHeaders(HttpHeaders.WWW_AUTHENTICATE))
            .containsExactly("Basic realm=\"netctx\"", "Bearer realm=\"netctx\"");
        verify(this.registry, never()).closeConnection(anyLong());
    }

    @Test
    void aWrongTokenOnACloseIsNotAcceptedAndSaysWhatClosingNeeds() {
        MvcTestResult result = this.mvc.delete().uri("/api/contexts/3").header(HttpHeaders.AUTHORIZATION, "Bearer t0ke")
            .exchange();
        assertProblem(result, HttpStatus.UNAUTHORIZED, "The credentials sent were not accepted: invalid bearer token. "
                + "Closing a context needs the configured credentials (basic or bearer)");
        assertThat(result.getResponse().getHeaders(HttpHeaders.WWW_AUTHENTICATE))
            .containsExactly("Basic realm=\"netctx\"", "Bearer realm=\"netctx\"");
        verify(this.registry, never()).closeConnection(anyLong());
    }

    @Test
    void wrongCredentialsOnAReadAreNotAcceptedAndSayNothingAboutClosing() {
        MvcTestResult password = this.mvc.get().uri("/api/contexts")
            .header(HttpHeaders.AUTHORIZATION, basic("operator", "guess"))
            .exchange();
        assertProblem(password, HttpStatus.UNAUTHORIZED, "The credentials sent were not accepted: Bad credentials");
        assertThat(password.getResponse().getHeaders(HttpHeaders.WWW_AUTHENTICATE))
            .containsExactly("Basic realm=\"netctx\"", "Bearer realm=\"netctx\"");
        MvcTestResult token = this.mvc.get().uri("/api/listeners").header(HttpHeaders.AUTHORIZATION, "Bearer t0ke")
            .exchange();
        assertProblem(token, HttpStatus.UNAUTHORIZED, "The credentials sent were not accepted: invalid bearer token");
        assertThat(token.getResponse().getHeaders(HttpHeaders.WWW_AUTHENTICATE))
            .containsExactly("Basic realm=\"netctx\"", "Bearer realm=\"netctx\"");
        verify(this.registry, never()).page(any());
        verify(this.registry, never()).listeners();
    }

    @Test
    void rightPasswordClosesAndReturnsTheFinalSnapshot() {
        given(this.registry.closeConnection(3)).willReturn(Optional.of(closed(TCP_SESSION)));
        assertThat(this.mvc.delete().uri("/api/contexts/3").header(HttpHeaders.AUTHORIZATION, basic("operator", "open-sesame")))
            .hasStatusOk()
            .bodyJson()
            .extractingPath("$.state")
            .isEqualTo("CLOSED");
        verify(this.registry).closeConnection(3);
    }

    @Test
    void rightTokenCloses() {
        given(this.registry.closeConnection(3)).willReturn(Optional.of(closed(TCP_SESSION)));
        assertThat(this.mvc.delete().uri("/api/contexts/3").header(HttpHeaders.AUTHORIZATION, "Bearer t0ken"))
            .hasStatusOk();
        verify(this.registry).closeConnection(3);
    }

    @Test
    void closingAnUnknownContextIsANotFoundProblem() {
        given(this.registry.closeConnection(99)).willReturn(Optional.empty());
        assertProblem(this.mvc.delete().uri("/api/contexts/99").header(HttpHeaders.AUTHORIZATION, "Bearer t0ken")
            .exchange(), HttpStatus.NOT_FOUND, "No open context has id 99");
    }

    @Test
    void closingAListenerIsAConflictProblem() {
        ContextNotClosableException refused = org.mockito.Mockito.mock(ContextNotClosableException.class);
        given(refused.getMessage()).willReturn("Context 1 is the listening context of listener 'tcp'");
        given(this.registry.closeConnection(TCP_LISTENER.id())).willThrow(refused);
        assertProblem(this.mvc.delete().uri("/api/contexts/1").header(HttpHeaders.AUTHORIZATION, "Bearer t0ken")
            .exchange(), HttpStatus.CONFLICT, "Context 1 is the listening context of listener 'tcp'");
    }

    private static ContextInfo closed(ContextInfo info) {
        return new ContextInfo(info.id(), info.listener(), info.role(), info.protocol(), info.local(), info.remote(),
                info.openedAt(), info.lastActivityAt(), info.bytesReceived(), info.bytesSent(), ContextState.CLOSED,
                info.rateIn(), info.rateOut(), info.tls());
    }

    private static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
