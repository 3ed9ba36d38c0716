package dev.netctx.security;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.netctx.ManagementPort;
import dev.netctx.actuate.PrometheusText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code netctx.security.read-access=authenticated} over real HTTP, on both ports: without
 * credentials only the health status answers; a wrong user and a wrong password get the same
 * answer; failures are counted in {@code netctx.auth.failures} by scheme.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0", "netctx.security.username=operator",
                "netctx.security.password=open-sesame", "netctx.security.token=t0ken",
                "netctx.security.read-access=authenticated" })
@AutoConfigureMetrics
@AutoConfigureRestTestClient
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadAccessTests {

    @Autowired
    private RestTestClient http;

    @LocalManagementPort
    private int managementPort;

    @Test
    void withoutCredentialsOnlyTheHealthStatusAnswers() {
        for (String path : new String[] { "/", "/api/contexts", "/api/listeners" }) {
            this.http.get().uri(path).exchange().expectStatus().isUnauthorized();
        }
        RestTestClient management = ManagementPort.client(this.managementPort);
        for (String path : new String[] { "/actuator/prometheus", "/actuator/netcontexts", "/actuator" }) {
            management.get().uri(path).exchange().expectStatus().isUnauthorized();
        }
        management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/health").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.components.listeners.details").doesNotExist();
    }

    @Test
    void theConfiguredCredentialsRead() {
        this.http.get().uri("/api/contexts").headers((headers) -> headers.setBearerAuth("t0ken")).exchange()
            .expectStatus().isOk();
        this.http.get().uri("/api/listeners").headers((headers) -> headers.setBasicAuth("operator", "open-sesame"))
            .exchange().expectStatus().isOk();
        ManagementPort.client(this.managementPort).get().uri("/actuator/prometheus")
            .headers((headers) -> headers.setBearerAuth("t0ken")).exchange().expectStatus().isOk();
    }

    @Test
    void aWrongUserAndAWrongPasswordGetTheSameAnswerAndAreCounted() {
        double before = failures("basic");
        Map<String, Object> wrongUser = refused("intruder", "open-sesame");
        Map<String, Object> wrongPassword = refused("operator", "guess");
        assertThat(wrongUser).isEqualTo(wrongPassword);
        this.http.get().uri("/api/contexts").headers((headers) -> headers.setBearerAuth("guess")).exchange()
            .expectStatus().isUnauthorized();
        assertThat(failures("basic") - before).isEqualTo(2);
    }

    private Map<String, Object> refused(String username, String password) {
        return this.http.get().uri("/api/contexts").headers((headers) -> headers.setBasicAuth(username, password))
            .exchange().expectStatus().isUnauthorized()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
            }).returnResult().getResponseBody();
    }

    private double failures(String scheme) {
        String text = ManagementPort.client(this.managementPort).get().uri("/actuator/prometheus")
            .headers((headers) -> headers.setBearerAuth("t0ken")).header(HttpHeaders.ACCEPT, "text/plain")
            .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return PrometheusText.parse(text).value("netctx_auth_failures_total", "scheme", scheme);
    }
}
