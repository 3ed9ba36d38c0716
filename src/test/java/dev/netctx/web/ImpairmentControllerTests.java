package dev.netctx.web;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextRegistry;
import dev.netctx.context.NetContextFactory;
import dev.netctx.context.TrackedContext;
import dev.netctx.impair.Impairment;
import dev.netctx.impair.ListenerImpairment;
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
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static dev.netctx.web.ContextsControllerTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/listeners/{name}/impairment} over a registry with a TCP and a UDP listener (bound on
 * port 0): read freely, changed with credentials and a valid body only.
 */
@WebMvcTest(controllers = ImpairmentController.class, properties = "netctx.security.token=t0ken")
@Import({ SecurityConfiguration.class, ContextRegistry.class, NetContextFactory.class })
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImpairmentControllerTests {

    private static final String BEARER = "Bearer t0ken";

    @Autowired
    private MockMvcTester mvc;

    @Autowired
    private NetContextFactory factory;

    private final List<TrackedContext> listeners = new ArrayList<>();

    private ListenerImpairment udp;

    private ListenerImpairment tcp;

    @BeforeEach
    void listen() throws NetException {
        this.udp = listen("udp", NetProtocol.UDP);
        this.tcp = listen("tcp", NetProtocol.TCP);
    }

    @AfterEach
    void close() {
        this.listeners.forEach(TrackedContext::close);
    }

    @Test
    void aPutWithCredentialsAppliesTheImpairmentAndAnswersIt() {
        MvcTestResult result = put("udp", "{\"delay\": \"200ms\", \"jitter\": 20, \"drop\": 0.05, \"bandwidth\": \"64KB\"}",
                BEARER);
        assertThat(result).hasStatusOk().bodyJson().isStrictlyEqualTo("""
                {"active": true, "delay": "200ms", "jitter": "20ms", "drop": 0.05, "duplicate": 0.0, "reorder": 0.0,
                 "bandwidth": "65536B", "resetAfter": null, "impaired": {}}""");
        assertThat(this.udp.current().drop()).isEqualTo(0.05);
        assertThat(this.mvc.get().uri("/api/listeners/udp/impairment")).hasStatusOk()
            .bodyJson().extractingPath("$.delay").isEqualTo("200ms");
    }

    @Test
    void anEmptyBodyOrADeleteClearsIt() {
        assertThat(put("tcp", "{\"resetAfter\": 1024}", BEARER)).hasStatusOk();
        assertThat(this.tcp.isActive()).isTrue();
        assertThat(put("tcp", "{}", BEARER)).hasStatusOk().bodyJson().extractingPath("$.active").isEqualTo(false);
        assertThat(put("tcp", "{\"delay\": \"1s\"}", BEARER)).hasStatusOk();
        assertThat(this.mvc.delete().uri("/api/listeners/tcp/impairment").header(HttpHeaders.AUTHORIZATION, BEARER))
            .hasStatusOk();
        assertThat(this.tcp.isActive()).isFalse();
    }

    @Test
    void aListenerThatCannotBeImpairedAnswersAConflictAndKeepsNoImpairment() throws NetException {
        ListenerImpairment tls = listen("tls", NetProtocol.TCP);
        tls.unsupported("The listener 'tls' runs TLS (ssl.bundle): an impairment works on plain sessions only");
        assertProblem(put("tls", "{\"delay\": \"200ms\"}", BEARER), HttpStatus.CONFLICT,
                "The listener 'tls' runs TLS (ssl.bundle): an impairment works on plain sessions only");
        assertThat(tls.isActive()).isFalse();
        assertThat(put("tls", "{}", BEARER)).as("clearing is always allowed").hasStatusOk();
    }

    @Test
    void changingWithoutCredentialsIsRefused() {
        assertProblem(put("udp", "{\"drop\": 1}", null), HttpStatus.UNAUTHORIZED,
                "Changing a listener's impairment needs credentials (bearer): Full authentication is required to access this resource");
        assertThat(this.mvc.delete().uri("/api/listeners/udp/impairment")).hasStatus(HttpStatus.UNAUTHORIZED);
        assertThat(this.udp.isActive()).isFalse();
    }

    @Test
    void badBodiesAreProblemsNamingEachField() {
        assertProblem(put("udp", "{\"drop\": 2, \"dealy\": \"1s\", \"bandwidth\": \"fast\"}", BEARER), HttpStatus.BAD_REQUEST,
                "Invalid impairment: unknown field 'dealy' (the fields are delay, jitter, drop, duplicate, reorder, "
                        + "bandwidth, resetAfter); bandwidth 'fast' is not a size such as 64KB, 1MB or a number of bytes");
        assertProblem(put("udp", "{\"drop\": 2, \"delay\": \"-1s\"}", BEARER), HttpStatus.BAD_REQUEST,
                "Invalid impairment: delay must be from 0 to 60s, such as 200ms; drop must be a fraction from 0 to 1, such as 0.05 for 5%");
        assertProblem(put("udp", "{\"resetAfter\": \"1KB\"}", BEARER), HttpStatus.BAD_REQUEST,
                "Invalid impairment: resetAfter applies to TCP listeners only: a UDP peer has no connection to reset");
        assertProblem(put("tcp", "{\"drop\": \"lots\"}", BEARER), HttpStatus.BAD_REQUEST,
                "Invalid impairment: drop 'lots' is not a number from 0 to 1, such as 0.05");
        assertThat(put("udp", "[1, 2]", BEARER)).hasStatus(HttpStatus.BAD_REQUEST)
            .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(put("udp", "{\"drop\": ", BEARER)).hasStatus(HttpStatus.BAD_REQUEST)
            .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(this.udp.isActive()).isFalse();
        assertThat(this.tcp.isActive()).isFalse();
    }

    @Test
    void anUnknownListenerIsNotFound() {
        assertProblem(put("none", "{}", BEARER), HttpStatus.NOT_FOUND, "No listener is named 'none'");
        assertProblem(this.mvc.get().uri("/api/listeners/none/impairment").exchange(), HttpStatus.NOT_FOUND,
                "No listener is named 'none'");
    }

    private MvcTestResult put(String listener, String body, String authorization) {
        var request = this.mvc.put().uri("/api/listeners/" + listener + "/impairment")
            .contentType(MediaType.APPLICATION_JSON)
            .content(body);
        return (authorization != null) ? request.header(HttpHeaders.AUTHORIZATION, authorization).exchange()
                : request.exchange();
    }

    private ListenerImpairment listen(String name, NetProtocol protocol) throws NetException {
        TrackedContext listener = this.factory.listen(name, protocol, "127.0.0.1", 0);
        this.listeners.add(listener);
        listener.stats().impairment().set(Impairment.NONE);   // the registry keeps a listener's statistics across tests
        return listener.stats().impairment();
    }
}
