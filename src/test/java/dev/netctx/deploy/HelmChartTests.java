package dev.netctx.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.marcnuri.helm.LintResult;
import dev.netctx.deploy.HelmChart.Document;
import dev.netctx.deploy.HelmChart.Rendered;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Helm chart, linted and rendered by Helm itself (helm-java), over its default values and over
 * {@code ci/all-on-values.yaml}, which turns every option on.
 */
class HelmChartTests {

    private static final Pattern VALUES_KEY = Pattern.compile("^( *)([A-Za-z][\\w-]*):.*$");

    @Test
    void lintsStrictWithDefaultValues() {
        assertLintPasses(HelmChart.lint());
    }

    @Test
    void lintsStrictWithEveryOptionOn(@TempDir Path workDir) {
        assertLintPasses(HelmChart.lint(HelmChart.ALL_ON_VALUES, workDir));
    }

    @Test
    void everyRenderedObjectIsAKnownKubernetesObjectWithNoUnknownField() {
        for (Rendered rendered : List.of(HelmChart.render(), HelmChart.renderAllOn())) {
            for (Document document : rendered.documents()) {
                if (document.model() instanceof GenericKubernetesResource custom) {
                    // A custom resource with no model class: its spec is checked field by field below.
                    assertThat(custom.getKind()).as(document.source()).isEqualTo("ServiceMonitor");
                    assertThat(UnknownFields.of(custom.getMetadata())).as(document.source()).isEmpty();
                }
                else {
                    assertThat(UnknownFields.of(document.model())).as(document.source()).isEmpty();
                }
            }
        }
    }

    @Test
    void defaultValuesRenderTheCoreObjectsOnly() {
        assertThat(HelmChart.render().kinds()).containsExactly("ConfigMap", "Deployment", "Service", "ServiceAccount");
    }

    @Test
    void everyOptionOnRendersEveryObject() {
        assertThat(HelmChart.renderAllOn().kinds()).containsExactly("ConfigMap", "Deployment", "HorizontalPodAutoscaler",
                "NetworkPolicy", "PodDisruptionBudget", "Service", "Service", "ServiceAccount", "ServiceMonitor");
    }

    @Test
    void serviceCarriesTheEchoPortsOverTcpAndUdpAndTheHttpPortButNotTheManagementPort() {
        Service service = HelmChart.render().one(Service.class);
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort, ServicePort::getProtocol)
            .containsExactlyInAnyOrder(tuple("http", 8080, "TCP"), tuple("tcp", 4442, "TCP"), tuple("udp", 4442, "UDP"));
        assertThat(service.getSpec().getPorts()).allSatisfy((port) -> assertThat(port.getTargetPort().getStrVal()).isEqualTo(port.getName()));
        assertThat(service.getSpec().getSessionAffinity()).isEqualTo("None");
        assertThat(service.getSpec().getSelector()).isEqualTo(podLabels(HelmChart.render().one(Deployment.class)));
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
    void containerExposesEveryListenerWithItsProtocol() {
        assertThat(container(HelmChart.renderAllOn()).getPorts())
            .extracting((port) -> port.getName(), (port) -> port.getContainerPort(), (port) -> port.getProtocol())
            .containsExactlyInAnyOrder(tuple("http", 8090, "TCP"), tuple("management", 8091, "TCP"), tuple("tcp", 4442, "TCP"),
                    tuple("udp", 4442, "UDP"), tuple("tcp-alt", 4443, "TCP"));
    }

    @Test
    void probesUseTheActuatorHealthGroupsOnTheManagementPort() {
        Container container = container(HelmChart.render());
        assertHttpProbe(container.getStartupProbe(), "/actuator/health/liveness");
        assertHttpProbe(container.getLivenessProbe(), "/actuator/health/liveness");
        assertHttpProbe(container.getReadinessProbe(), "/actuator/health/readiness");
        assertThat(container.getStartupProbe().getFailureThreshold() * container.getStartupProbe().getPeriodSeconds())
            .isGreaterThanOrEqualTo(60);
        assertThat(container.getEnv()).contains(new EnvVar("SERVER_PORT", "8080", null),
                new EnvVar("MANAGEMENT_SERVER_PORT", "8081", null));
    }

    @Test
    void extraEnvironmentComesAfterTheChartsOwn() {
        assertThat(container(HelmChart.renderAllOn()).getEnv()).extracting(EnvVar::getName).containsExactly(
                "SPRING_CONFIG_ADDITIONAL_LOCATION", "SERVER_PORT", "MANAGEMENT_SERVER_PORT", "JDK_JAVA_OPTIONS",
                "POD_NAME", "POD_NAMESPACE", "NODE_NAME", "JAVA_TOOL_OPTIONS", "NETCTX_SECURITY_TOKEN");
        assertThat(container(HelmChart.renderAllOn()).getEnv()).last()
            .satisfies((token) -> assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("netctx-credentials"));
    }

    @Test
    void thePodsNameNamespaceAndNodeReachTheApplicationThroughTheDownwardApi() {
        for (Rendered rendered : List.of(HelmChart.render(), HelmChart.renderAllOn())) {
            assertThat(container(rendered).getEnv()).filteredOn((env) -> env.getValueFrom() != null
                    && env.getValueFrom().getFieldRef() != null)
                .extracting(EnvVar::getName, (env) -> env.getValueFrom().getFieldRef().getFieldPath())
                .containsExactly(tuple("POD_NAME", "metadata.name"), tuple("POD_NAMESPACE", "metadata.namespace"),
                        tuple("NODE_NAME", "spec.nodeName"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aListenersModeAndProxyProtocolReachTheApplication() {
        Map<String, Object> netctx = (Map<String, Object>) applicationYaml(HelmChart.renderAllOn()).get("netctx");
        Map<String, Object> listeners = (Map<String, Object>) netctx.get("listeners");
        assertThat((Map<String, Object>) listeners.get("tcp-alt")).containsEntry("mode", "info");
        assertThat((Map<String, Object>) listeners.get("udp")).containsEntry("proxy-protocol", "optional");
    }

    @Test
    void podRunsHardened() {
        for (Rendered rendered : List.of(HelmChart.render(), HelmChart.renderAllOn())) {
            PodSpec pod = rendered.one(Deployment.class).getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            assertThat(pod.getEnableServiceLinks()).isFalse();
            Container container = pod.getContainers().get(0);
            assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKey("memory");
            assertThat(container.getVolumeMounts()).anySatisfy((mount) -> {
                assertThat(mount.getMountPath()).isEqualTo("/tmp");
                assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
                assertThat(volume(pod, mount.getName()).getEmptyDir()).isNotNull();
            });
        }
    }

    @Test
    void configMapIsMountedAndReadBySpring() {
        Rendered rendered = HelmChart.render();
        ConfigMap configMap = rendered.one(ConfigMap.class);
        PodSpec pod = rendered.one(Deployment.class).getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        String location = env(container, "SPRING_CONFIG_ADDITIONAL_LOCATION");
        assertThat(location).startsWith("file:");
        Path file = Path.of(location.substring("file:".length()));
        assertThat(container.getVolumeMounts()).anySatisfy((mount) -> {
            assertThat(Path.of(mount.getMountPath())).isEqualTo(file.getParent());
            assertThat(mount.getReadOnly()).isTrue();
            assertThat(volume(pod, mount.getName()).getConfigMap().getName()).isEqualTo(configMap.getMetadata().getName());
        });
        assertThat(configMap.getData()).containsOnlyKeys(file.getFileName().toString());
        assertThat(rendered.one(Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations())
            .containsKey("checksum/config");
    }

    @Test
    void configMapBindsEveryListenerToAllInterfaces() {
        Map<String, Object> config = applicationYaml(HelmChart.render());
        assertThat(config).extractingByKey("netctx").extracting("listeners").isEqualTo(Map.of(
                "tcp", Map.of("protocol", "tcp", "port", 4442, "bind-address", "0.0.0.0"),
                "udp", Map.of("protocol", "udp", "port", 4442, "bind-address", "0.0.0.0")));
        assertThat(config).extractingByKey("server").isEqualTo(Map.of("address", "0.0.0.0"));
        assertThat(config).extractingByKey("management").isEqualTo(Map.of("server", Map.of("address", "0.0.0.0"),
                "endpoint", Map.of("health", Map.of("probes", Map.of("enabled", true)))));
    }

    @Test
    void readsNeedCredentialsAndTheServicesOwnNamesAreAllowedHosts() {
        Map<String, Object> config = applicationYaml(HelmChart.render());
        assertThat(config).extractingByKey("netctx").extracting("security").isEqualTo(Map.of("read-access", "authenticated",
                "allowed-hosts", List.of("netctx", "netctx." + HelmChart.NAMESPACE, "netctx." + HelmChart.NAMESPACE + ".svc",
                        "netctx." + HelmChart.NAMESPACE + ".svc.cluster.local")));
        assertThat(applicationYaml(HelmChart.renderAllOn())).extractingByKey("netctx").extracting("security")
            .extracting("allowed-hosts").asList().endsWith("netctx.example.com");
    }

    @Test
    void theJvmExitsOnOutOfMemoryWithTheMeasuredFlagsInTheMeasuredMemory() {
        Container container = container(HelmChart.render());
        assertThat(env(container, "JDK_JAVA_OPTIONS")).isEqualTo("-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError "
                + "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:TrimNativeHeapInterval=5000");
        assertThat(container.getResources().getRequests().get("memory").toString()).isEqualTo("192Mi");
        assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("256Mi");
    }

    @Test
    void configValueIsMergedOverTheChartsSettings() {
        Map<String, Object> config = applicationYaml(HelmChart.renderAllOn());
        assertThat(config).extractingByKey("netctx").extracting("listeners").extracting("tcp").isEqualTo(Map.of(
                "protocol", "tcp", "port", 4442, "bind-address", "0.0.0.0", "max-connections", 2000,
                "idle-timeout", "5m", "buffer-size", 16384));
        assertThat(config).extractingByKey("spring").isEqualTo(Map.of("threads", Map.of("virtual", Map.of("enabled", true))));
    }

    @Test
    void aListenersImpairmentReachesTheApplication(@TempDir Path directory) throws IOException {
        Path impaired = Files.writeString(directory.resolve("impaired.yaml"),
                "listeners: {udp: {protocol: udp, port: 4442, impairment: {delay: 200ms, drop: 0.05}}}\n");
        Map<String, Object> config = applicationYaml(HelmChart.render((command) -> command.withValuesFile(impaired)));
        assertThat(config).extractingByKey("netctx").extracting("listeners").extracting("udp").extracting("impairment")
            .isEqualTo(Map.of("delay", "200ms", "drop", 0.05));
        Path wrong = Files.writeString(directory.resolve("wrong.yaml"),
                "listeners: {udp: {protocol: udp, port: 4442, impairment: {drop: 2}}}\n");
        assertThatException().isThrownBy(() -> HelmChart.render((command) -> command.withValuesFile(wrong)))
            .withMessageContaining("/listeners/udp/impairment/drop");
    }

    @Test
    void autoscalerOwnsTheReplicaCount() {
        Rendered rendered = HelmChart.renderAllOn();
        Deployment deployment = rendered.one(Deployment.class);
        HorizontalPodAutoscaler autoscaler = rendered.one(HorizontalPodAutoscaler.class);
        assertThat(deployment.getSpec().getReplicas()).isNull();
        assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(autoscaler.getSpec().getMaxReplicas()).isEqualTo(12);
        assertThat(autoscaler.getSpec().getMetrics()).extracting((metric) -> metric.getResource().getName())
            .containsExactly("cpu", "memory");
        assertThat(HelmChart.render().one(Deployment.class).getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void disruptionBudgetAndNetworkPolicySelectThePods() {
        Rendered rendered = HelmChart.renderAllOn();
        Map<String, String> podLabels = podLabels(rendered.one(Deployment.class));
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
    void topologySpreadConstraintsGetThePodSelector() {
        Deployment deployment = HelmChart.renderAllOn().one(Deployment.class);
        assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).singleElement()
            .satisfies((constraint) -> assertThat(constraint.getLabelSelector())
                .isEqualTo(deployment.getSpec().getSelector()));
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
        assertThat(podLabels(rendered.one(Deployment.class))).containsAllEntriesOf(service.getSpec().getSelector());
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

    @Test
    void notesListEveryPortWithItsProtocol(@TempDir Path workDir) throws IOException {
        Path noOverrides = Files.writeString(workDir.resolve("values.yaml"), "{}");
        assertThat(HelmChart.notes(noOverrides)).contains("Service netctx (ClusterIP):", "tcp: 4442/TCP (echo)",
                "udp: 4442/UDP (echo)", "http: 8080/TCP", "port-forward service/netctx 8080 4442");
        assertThat(HelmChart.notes(HelmChart.ALL_ON_VALUES)).contains("3 to 12 pods",
                "(LoadBalancer, session affinity by client IP)", "tcp-alt: 4443/TCP (echo)", ".status.loadBalancer.ingress");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            listeners.udp.protocol      | sctp      | at '/listeners/udp/protocol': value must be one of 'tcp', 'udp'
            listeners.tcp.port          | 70000     | at '/listeners/tcp/port': maximum: got 70,000, want 65,535
            listeners.udp.port          | 0         | at '/listeners/udp/port': minimum: got 0, want 1
            listeners.Echo_TCP.protocol | tcp       | 'Echo_TCP' does not match pattern '^[a-z]([-a-z0-9]{0,13}[a-z0-9])?$'
            listeners.tcp.protocol      | TCP       | at '/listeners/tcp/protocol': value must be one of 'tcp', 'udp'
            service.type                | Ingress   | at '/service/type': value must be one of 'ClusterIP', 'NodePort', 'LoadBalancer'
            service.sessionAffinity     | clientip  | at '/service/sessionAffinity': value must be one of 'None', 'ClientIP'
            servce.type                 | NodePort  | additional properties 'servce' not allowed
            autoscaling.maxReplica      | 5         | at '/autoscaling': additional properties 'maxReplica' not allowed
            """)
    void badValuesFailBeforeAnythingIsRendered(String key, String value, String message) {
        assertThatException().isThrownBy(() -> HelmChart.render((command) -> command.set(key, value)))
            .withMessageContaining(message);
    }

    @Test
    void listenerNamedHttpIsRefused() {
        assertThatException().isThrownBy(() -> HelmChart.render((command) -> command.set("listeners.http.protocol", "tcp")
                .set("listeners.http.port", 4444)))
            .withMessageContaining("listeners.http: the name 'http' is taken by an HTTP port");
    }

    @Test
    void disruptionBudgetNeedsExactlyOneLimit() {
        assertThatException().isThrownBy(() -> HelmChart.render((command) -> command.set("podDisruptionBudget.enabled", true)
                .set("podDisruptionBudget.maxUnavailable", 1)))
            .withMessageContaining("set exactly one of minAvailable and maxUnavailable");
    }

    @Test
    void everyValueIsDescribedInValuesYamlAndInTheDeploymentGuide() throws IOException {
        Set<String> described = describedValues(HelmChart.CHART.resolve("values.yaml"));
        Map<String, Object> values = new Yaml().load(Files.readString(HelmChart.CHART.resolve("values.yaml")));
        values.forEach((key, value) -> assertDescribed(key, value, described));
        String guide = Files.readString(Path.of("docs/deployment.md"));
        assertThat(described).allSatisfy((key) -> assertThat(guide).contains("| `" + key + "` |"));
    }

    private static void assertDescribed(String key, Object value, Set<String> described) {
        if (described.contains(key)) {
            return;
        }
        assertThat(value).as(key + " has no '# --' description in values.yaml").isInstanceOf(Map.class);
        assertThat((Map<?, ?>) value).as(key + " has no '# --' description in values.yaml").isNotEmpty();
        ((Map<?, ?>) value).forEach((child, childValue) -> assertDescribed(key + "." + child, childValue, described));
    }

    /** The dotted keys of values.yaml that a "# --" comment line describes. */
    private static Set<String> describedValues(Path valuesYaml) throws IOException {
        Set<String> described = new LinkedHashSet<>();
        List<String> path = new ArrayList<>();
        boolean description = false;
        for (String line : Files.readAllLines(valuesYaml)) {
            Matcher key = VALUES_KEY.matcher(line);
            if (line.strip().startsWith("# --")) {
                description = true;
            }
            else if (key.matches()) {
                int depth = key.group(1).length() / 2;
                path.subList(Math.min(depth, path.size()), path.size()).clear();
                path.add(key.group(2));
                if (description) {
                    described.add(String.join(".", path));
                }
                description = false;
            }
        }
        return described;
    }

    private static void assertLintPasses(LintResult result) {
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    private static void assertHttpProbe(Probe probe, String path) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
    }

    private static Container container(Rendered rendered) {
        return rendered.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, String> podLabels(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getLabels();
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter((volume) -> volume.getName().equals(name)).findFirst().orElseThrow();
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter((env) -> env.getName().equals(name)).findFirst().orElseThrow().getValue();
    }

    private static Map<String, Object> applicationYaml(Rendered rendered) {
        return new Yaml().load(rendered.one(ConfigMap.class).getData().get("application.yml"));
    }
}
