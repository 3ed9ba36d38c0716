package dev.netctx.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.netctx.deploy.HelmChart.Rendered;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The application configuration the Helm chart renders into its ConfigMap: how it is mounted and
 * what of the chart's values reaches it.
 */
class HelmChartConfigTests {

    @Test
    void configMapIsMountedAndReadBySpring() {
        Rendered rendered = HelmChart.render();
        ConfigMap configMap = rendered.one(ConfigMap.class);
        PodSpec pod = rendered.one(Deployment.class).getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        String location = HelmChart.env(container, "SPRING_CONFIG_ADDITIONAL_LOCATION");
        assertThat(location).startsWith("file:");
        Path file = Path.of(location.substring("file:".length()));
        assertThat(container.getVolumeMounts()).anySatisfy((mount) -> {
            assertThat(Path.of(mount.getMountPath())).isEqualTo(file.getParent());
            assertThat(mount.getReadOnly()).isTrue();
            assertThat(HelmChart.volume(pod, mount.getName()).getConfigMap().getName()).isEqualTo(configMap.getMetadata().getName());
        });
        assertThat(configMap.getData()).containsOnlyKeys(file.getFileName().toString());
        assertThat(rendered.one(Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations())
            .containsKey("checksum/config");
    }

    @Test
    void configMapBindsEveryListenerToAllInterfaces() {
        Map<String, Object> config = HelmChart.render().applicationYaml();
        assertThat(config).extractingByKey("netctx").extracting("listeners").isEqualTo(Map.of(
                "tcp", Map.of("protocol", "tcp", "port", 4442, "bind-address", "0.0.0.0"),
                "udp", Map.of("protocol", "udp", "port", 4442, "bind-address", "0.0.0.0")));
        assertThat(config).extractingByKey("server").isEqualTo(Map.of("address", "0.0.0.0"));
        assertThat(config).extractingByKey("management").isEqualTo(Map.of("server", Map.of("address", "0.0.0.0"),
                "endpoint", Map.of("health", Map.of("probes", Map.of("enabled", true)))));
    }

    @Test
    void readsNeedCredentialsAndTheServicesOwnNamesAreAllowedHosts() {
        Map<String, Object> config = HelmChart.render().applicationYaml();
        assertThat(config).extractingByKey("netctx").extracting("security").isEqualTo(Map.of("read-access", "authenticated",
                "allowed-hosts", List.of("netctx", "netctx." + HelmChart.NAMESPACE, "netctx." + HelmChart.NAMESPACE + ".svc",
                        "netctx." + HelmChart.NAMESPACE + ".svc.cluster.local")));
        assertThat(HelmChart.renderAllOn().applicationYaml()).extractingByKey("netctx").extracting("security")
            .extracting("allowed-hosts").asList().endsWith("netctx.example.com");
    }

    @Test
    void configValueIsMergedOverTheChartsSettings() {
        Map<String, Object> config = HelmChart.renderAllOn().applicationYaml();
        assertThat(config).extractingByKey("netctx").extracting("listeners").extracting("tcp").isEqualTo(Map.of(
                "protocol", "tcp", "port", 4442, "bind-address", "0.0.0.0", "max-connections", 2000,
                "idle-timeout", "5m", "buffer-size", 16384));
        assertThat(config).extractingByKey("spring").isEqualTo(Map.of("threads", Map.of("virtual", Map.of("enabled", true))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aListenersModeAndProxyProtocolReachTheApplication() {
        Map<String, Object> netctx = (Map<String, Object>) HelmChart.renderAllOn().applicationYaml().get("netctx");
        Map<String, Object> listeners = (Map<String, Object>) netctx.get("listeners");
        assertThat((Map<String, Object>) listeners.get("tcp-alt")).containsEntry("mode", "info");
        assertThat((Map<String, Object>) listeners.get("udp")).containsEntry("proxy-protocol", "optional");
    }

    @Test
    void aListenersImpairmentReachesTheApplication(@TempDir Path directory) throws IOException {
        Path impaired = Files.writeString(directory.resolve("impaired.yaml"),
                "listeners: {udp: {protocol: udp, port: 4442, impairment: {delay: 200ms, drop: 0.05}}}\n");
        Map<String, Object> config = HelmChart.render((command) -> command.withValuesFile(impaired)).applicationYaml();
        assertThat(config).extractingByKey("netctx").extracting("listeners").extracting("udp").extracting("impairment")
            .isEqualTo(Map.of("delay", "200ms", "drop", 0.05));
        Path wrong = Files.writeString(directory.resolve("wrong.yaml"),
                "listeners: {udp: {protocol: udp, port: 4442, impairment: {drop: 2}}}\n");
        assertThatException().isThrownBy(() -> HelmChart.render((command) -> command.withValuesFile(wrong)))
            .withMessageContaining("/listeners/udp/impairment/drop");
    }
}
