package dev.netctx.actuate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;

import dev.netctx.Credentials;
import dev.netctx.LiveServiceTest;
import dev.netctx.ManagementPort;
import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ContextRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The errors of the {@code netcontexts} endpoint over real HTTP, through the security filters: the
 * same RFC 9457 problem details as {@code /api/contexts} answers for the same case (only
 * {@code instance}, the request's path, differs).
 */
@LiveServiceTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetContextsEndpointProblemTests {

    private static final long UNKNOWN = Long.MAX_VALUE;

    @Autowired
    private RestTestClient http;

    @LocalManagementPort
    private int managementPort;

    @Autowired
    private ContextRegistry registry;

    @Test
    void readingAnUnknownIdIsTheRestApisNotFoundProblem() {
        assertUnknownIdIsTheRestApisNotFoundProblem(HttpMethod.GET, Credentials.NONE);
    }

    @Test
    void closingAnUnknownIdIsTheRestApisNotFoundProblem() {
        assertUnknownIdIsTheRestApisNotFoundProblem(HttpMethod.DELETE, Credentials.TOKEN);
    }

    private void assertUnknownIdIsTheRestApisNotFoundProblem(HttpMethod method, Credentials credentials) {
        Map<String, Object> problem = problem(method, "/actuator/netcontexts/" + UNKNOWN, credentials,
                HttpStatus.NOT_FOUND);
        assertThat(problem).containsEntry("detail", "No open context has id " + UNKNOWN);
        assertSameAsRest(problem, method, String.valueOf(UNKNOWN), credentials, HttpStatus.NOT_FOUND);
    }

    @Test
    void closingAListenerIsTheRestApisConflictProblemAndLeavesItOpen() {
        long listener = listenerId();
        Map<String, Object> problem = problem(HttpMethod.DELETE, "/actuator/netcontexts/" + listener, Credentials.BASIC,
                HttpStatus.CONFLICT);
        assertThat((String) problem.get("detail")).startsWith("Context " + listener + " is the listening context of listener 'tcp'");
        assertSameAsRest(problem, HttpMethod.DELETE, String.valueOf(listener), Credentials.BASIC, HttpStatus.CONFLICT);
        assertThat(this.registry.find(listener)).isPresent();
    }

    @Test
    void aMalformedIdIsTheRestApisBadRequestProblem() {
        for (String id : List.of("abc", "1.5", "99999999999999999999")) {
            Map<String, Object> read = problem(HttpMethod.GET, "/actuator/netcontexts/" + id, Credentials.NONE,
                    HttpStatus.BAD_REQUEST);
            assertThat(read).containsEntry("detail", "Invalid id '" + id + "': expected a whole number");
            assertSameAsRest(read, HttpMethod.GET, id, Credentials.NONE, HttpStatus.BAD_REQUEST);
            Map<String, Object> close = problem(HttpMethod.DELETE, "/actuator/netcontexts/" + id, Credentials.TOKEN,
                    HttpStatus.BAD_REQUEST);
            assertSameAsRest(close, HttpMethod.DELETE, id, Credentials.TOKEN, HttpStatus.BAD_REQUEST);
        }
    }

    @Test
    void closingWithoutOrWithWrongCredentialsIsUnauthorizedBeforeTheIdIsLookedAt() {
        long listener = listenerId();
        for (String id : List.of(String.valueOf(listener), String.valueOf(UNKNOWN), "abc")) {
            Map<String, Object> missing = problem(HttpMethod.DELETE, "/actuator/netcontexts/" + id, Credentials.NONE,
                    HttpStatus.UNAUTHORIZED);
            assertSameAsRest(missing, HttpMethod.DELETE, id, Credentials.NONE, HttpStatus.UNAUTHORIZED);
            Consumer<HttpHeaders> wrongToken = (headers) -> headers.setBearerAuth("not-" + LiveServiceTest.TOKEN);
            Map<String, Object> wrong = problem(HttpMethod.DELETE, "/actuator/netcontexts/" + id, wrongToken,
                    HttpStatus.UNAUTHORIZED);
            assertThat(wrong).containsEntry("detail", "The credentials sent were not accepted: invalid bearer token. "
                    + "Closing a context needs the configured credentials (basic or bearer)");
            assertSameAsRest(wrong, HttpMethod.DELETE, id, wrongToken, HttpStatus.UNAUTHORIZED);
        }
        assertThat(this.registry.find(listener)).isPresent();
    }

    /**
     * Asserts that {@code /api/contexts/{id}} answers the same request with the same problem, but
     * for {@code instance}.
     */
    private void assertSameAsRest(Map<String, Object> actuator, HttpMethod method, String id,
            Consumer<HttpHeaders> credentials, HttpStatus status) {
        assertThat(actuator).containsEntry("instance", "/actuator/netcontexts/" + id);
        Map<String, Object> rest = problem(method, "/api/contexts/" + id, credentials, status);
        assertThat(rest).containsEntry("instance", "/api/contexts/" + id);
        Map<String, Object> expected = new HashMap<>(rest);
        expected.put("instance", actuator.get("instance"));
        assertThat(actuator).isEqualTo(expected);
    }

    /** The problem detail answered to a request, after checking its status, content type and fields. */
    private Map<String, Object> problem(HttpMethod method, String path, Consumer<HttpHeaders> credentials,
            HttpStatus status) {
        RestTestClient client = path.startsWith("/actuator/") ? management() : this.http;
        Map<String, Object> problem = client.method(method).uri(path).headers(credentials).exchange()
            .expectStatus().isEqualTo(status)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
            })
            .returnResult().getResponseBody();
        assertThat(problem).as(method + " " + path).containsEntry("status", status.value())
            .containsEntry("title", status.getReasonPhrase())
            .containsEntry("instance", path)
            .containsKey("detail");
        if (problem.containsKey("type")) {
            assertThat(problem.get("type")).isEqualTo("about:blank");
        }
        return problem;
    }

    private long listenerId() {
        return this.registry.contexts().stream().filter((info) -> "tcp".equals(info.listener()) && info.role() == ContextRole.LISTENER)
            .map(ContextInfo::id)
            .findFirst()
            .orElseThrow();
    }

    /** The actuator, on the management port. */
    private RestTestClient management() {
        return ManagementPort.client(this.managementPort);
    }
}
