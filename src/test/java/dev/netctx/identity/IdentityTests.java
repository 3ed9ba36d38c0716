package dev.netctx.identity;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.netctx.ManagementPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

/**
 * Who answered: {@code /actuator/info} (management port) and {@code /api/info} (traffic port) name
 * the host, and the pod, namespace and node that the chart passes in as environment variables.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0", "POD_NAME=netctx-5d8f-x2x7q",
                "POD_NAMESPACE=diagnostics", "NODE_NAME=worker-2" })
@AutoConfigureRestTestClient
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdentityTests {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    private RestTestClient http;

    @LocalManagementPort
    private int managementPort;

    @Test
    void actuatorInfoNamesTheHostPodNamespaceAndNodeAndTheBuild() throws Exception {
        Map<String, Object> info = ManagementPort.client(this.managementPort).get().uri("/actuator/info").exchange()
            .expectStatus().isOk()
            .expectBody(JSON).returnResult().getResponseBody();
        assertThat(info.get("host")).asInstanceOf(MAP)
            .containsExactly(Map.entry("hostname", InetAddress.getLocalHost().getHostName()),
                    Map.entry("pod", "netctx-5d8f-x2x7q"), Map.entry("namespace", "diagnostics"), Map.entry("node", "worker-2"));
        assertThat(info.get("build")).asInstanceOf(MAP).containsEntry("artifact", "netctx").containsKeys("version", "time");
    }

    @Test
    void apiInfoOnTheTrafficPortSaysTheSame() throws Exception {
        Map<String, Object> info = this.http.get().uri("/api/info").exchange().expectStatus().isOk()
            .expectBody(JSON).returnResult().getResponseBody();
        assertThat(info.get("host")).asInstanceOf(MAP)
            .containsEntry("hostname", InetAddress.getLocalHost().getHostName()).containsEntry("pod", "netctx-5d8f-x2x7q");
        assertThat(info.get("build")).asInstanceOf(MAP).containsKeys("version", "commit", "time");
    }

    @Test
    void outsideKubernetesOnlyTheHostNameIsKnown() {
        assertThat(HostIdentity.of(new MockEnvironment().withProperty("POD_NAME", " ")).toMap()).containsOnlyKeys("hostname");
        assertThat(HostIdentity.of(new StandardEnvironment()).hostname()).isNotBlank();
    }
}
