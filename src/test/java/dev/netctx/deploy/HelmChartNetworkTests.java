package dev.netctx.deploy;

import java.util.List;
import java.util.Map;

import dev.netctx.deploy.HelmChart.Document;
import dev.netctx.deploy.HelmChart.Rendered;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What the Helm chart renders around the pods: the Services, the NetworkPolicy and
 * PodDisruptionBudget that select them, and the ServiceMonitor that scrapes them.
 */
class HelmChartNetworkTests {

    @Test
    void serviceCarriesTheEchoPortsOverTcpAndUdpAndTheHttpPortButNotTheManagementPort() {
        Service service = HelmChart.render().one(Service.class);
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort, ServicePort::getProtocol)
            .containsExactlyInAnyOrder(tuple("http", 8080, "TCP"), tuple("tcp", 4442, "TCP"), tuple("udp", 4442, "UDP"));
        assertThat(service.getSpec().getPorts()).allSatisfy((port) -> assertThat(port.getTargetPort().getStrVal()).isEqualTo(port.getName()));
        assertThat(service.getSpec().getSessionAffinity()).isEqualTo("None");
        assertThat(service.getSpec().getSelector()).isEqualTo(HelmChart.render().podLabels());
    }

    @Test
    void serviceKeepsUdpPeersOnOnePodWithClientIpAffinity() {
        Service service = HelmChart.renderAllOn().from("service.yaml", Service.class);
        assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(service.getSpec().getSessionAffinity()).isEqualTo("ClientIP");
        assertThat(service.getSpec().getSessionAffinityConfig().getClientIP().getTimeoutSeconds()).isEqualTo(600);
        assertThat(service.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        assertThat(service.getSpec().getLoadBalancerSourceRanges()).containsExactly("192.0.2.0/24");
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getProtocol, ServicePort::getNodePort)
            .containsExactlyInAnyOrder(tuple("http", "TCP", 30080), tuple("tcp", "TCP", 30442), tuple("udp", "UDP", 30442),
                    tuple("tcp-alt", "TCP", null));
    }

    @Test
    void disruptionBudgetAndNetworkPolicySelectThePods() {
        Rendered rendered = HelmChart.renderAllOn();
        Map<String, String> podLabels = rendered.podLabels();
        PodDisruptionBudget budget = rendered.one(PodDisruptionBudget.class);
        assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getMinAvailable()).isNull();
        NetworkPolicy policy = rendered.one(NetworkPolicy.class);
        assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getIngress()).flatExtracting((rule) -> rule.getPorts())
            .extracting((port) -> port.getPort().getIntVal(), (port) -> port.getProtocol())
            .containsExactlyInAnyOrder(tuple(4442, "TCP"), tuple(4442, "UDP"), tuple(4443, "TCP"), tuple(8090, "TCP"),
                    tuple(8091, "TCP"));
        assertThat(policy.getSpec().getIngress()).allSatisfy((rule) -> assertThat(rule.getFrom()).hasSize(1));
    }

    @Test
    void serviceMonitorScrapesThePrometheusEndpointThroughTheHeadlessManagementService() {
        Rendered rendered = HelmChart.renderAllOn();
        Document document = rendered.document("ServiceMonitor");
        assertThat(document.model().getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(document.model().getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        Map<String, Object> spec = ((GenericKubernetesResource) document.model()).get("spec");
        // No fabric8 model for the Prometheus Operator's CRD: the fields used are checked by hand.
        assertThat(spec).containsOnlyKeys("selector", "namespaceSelector", "endpoints");
        Service service = rendered.from("service-management.yaml", Service.class);
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(rendered.podLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        Map<String, String> selected = new java.util.HashMap<>(service.getSpec().getSelector());
        selected.put("app.kubernetes.io/component", "management");
        assertThat(spec).extractingByKey("selector").isEqualTo(Map.of("matchLabels", selected));
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selected);
        assertThat(rendered.from("service.yaml", Service.class).getMetadata().getLabels())
            .doesNotContainKey("app.kubernetes.io/component");
        assertThat(spec).extractingByKey("namespaceSelector").isEqualTo(Map.of("matchNames", List.of(HelmChart.NAMESPACE)));
        assertThat(spec).extractingByKey("endpoints").isEqualTo(List.of(
                Map.of("port", "management", "path", "/actuator/prometheus", "interval", "30s", "scrapeTimeout", "10s",
                        "authorization", Map.of("type", "Bearer", "credentials", Map.of("name", "netctx-credentials", "key", "token")))));
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
            .containsExactly(tuple("management", 8091));
    }
}
