package dev.netctx.actuate;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;

import dev.netctx.Credentials;
import dev.netctx.LiveServiceTest;
import dev.netctx.ManagementPort;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ListenerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who sees what of {@code /actuator/health}, over real HTTP: everyone the overall status and every
 * component's status (each listener's included), only the configured credentials (HTTP Basic or
 * bearer token) the details; the Kubernetes probes answer without credentials.
 */
@LiveServiceTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HealthVisibilityTests {

    @LocalManagementPort
    private int managementPort;

    @Autowired
    private ContextRegistry registry;

    @Test
    void withoutCredentialsHealthShowsEveryComponentsStatusButNoDetails() {
        Map<String, Object> health = health("/actuator/health", Credentials.NONE);
        assertThat(health).containsEntry("status", "UP");
        Map<String, Object> components = map(health, "components");
        assertThat(components).containsKeys("diskSpace", "listeners", "livenessState", "readinessState");
        assertThat(map(components, "diskSpace")).containsOnlyKeys("status");
        Map<String, Object> listeners = map(map(components, "listeners"), "components");
        assertThat(listeners).containsOnlyKeys(listenerNames());
        listeners.values().forEach((listener) -> assertThat(listener).isEqualTo(Map.of("status", "UP")));
        assertNoDetails(health);
    }

    @Test
    void withoutCredentialsOneListenerShowsItsStatusOnly() {
        for (String name : listenerNames()) {
            assertThat(health("/actuator/health/listeners/" + name, Credentials.NONE)).isEqualTo(Map.of("status", "UP"));
        }
    }

    @Test
    void withTheTokenOrTheUserHealthShowsDetails() {
        for (Consumer<HttpHeaders> credentials : List.of(Credentials.TOKEN, Credentials.BASIC)) {
            Map<String, Object> components = map(health("/actuator/health", credentials), "components");
            assertThat(map(map(components, "diskSpace"), "details")).containsKeys("path", "free", "total");
            Map<String, Object> listeners = map(map(components, "listeners"), "components");
            for (ListenerStats stats : this.registry.listeners()) {
                assertThat(map(map(listeners, stats.name()), "details")).containsEntry("port", stats.port())
                    .containsEntry("protocol", stats.protocol().id())
                    .containsEntry("mode", stats.settings().mode())
                    .containsEntry("proxyProtocol", stats.settings().proxyProtocol())
                    .containsKey("open");
                assertThat(map(health("/actuator/health/listeners/" + stats.name(), credentials), "details"))
                    .containsEntry("port", stats.port());
            }
        }
    }

    @Test
    void wrongCredentialsAreRefusedNotDowngradedWithAProblemThatSaysSo() {
        Map<String, Consumer<HttpHeaders>> wrong = Map.of("invalid bearer token",
                (headers) -> headers.setBearerAuth("not-" + LiveServiceTest.TOKEN), "Bad credentials",
                (headers) -> headers.setBasicAuth(LiveServiceTest.USERNAME, "not-" + LiveServiceTest.PASSWORD));
        wrong.forEach((reason, credentials) -> management().get().uri("/actuator/health").headers(credentials).exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"netctx\"", "Bearer realm=\"netctx\"")
            .expectBody()
            .jsonPath("$.status").isEqualTo(401)
            .jsonPath("$.detail").isEqualTo("The credentials sent were not accepted: " + reason));
    }

    @Test
    void probesAnswerWithoutCredentialsAndShowNoDetails() {
        assertThat(health("/actuator/health/liveness", Credentials.NONE)).containsEntry("status", "UP");
        Map<String, Object> readiness = health("/actuator/health/readiness", Credentials.NONE);
        assertThat(readiness).containsEntry("status", "UP");
        assertThat(map(map(readiness, "components"), "listeners")).containsEntry("status", "UP");
        assertNoDetails(readiness);
    }

    private Map<String, Object> health(String path, Consumer<HttpHeaders> credentials) {
        return management().get().uri(path).headers(credentials).exchange()
            .expectStatus().isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
            })
            .returnResult().getResponseBody();
    }

    private String[] listenerNames() {
        return this.registry.listeners().stream().map(ListenerStats::name).toArray(String[]::new);
    }

    /** Asserts that no member at any depth is named {@code details}. */
    private static void assertNoDetails(Map<?, ?> json) {
        assertThat(json.containsKey("details")).as("details in %s", json).isFalse();
        json.values().stream().filter(Map.class::isInstance).forEach((value) -> assertNoDetails((Map<?, ?>) value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> json, String key) {
        assertThat(json).containsKey(key);
        return (Map<String, Object>) json.get(key);
    }

    /** The actuator, on the management port. */
    private RestTestClient management() {
        return ManagementPort.client(this.managementPort);
    }
}
