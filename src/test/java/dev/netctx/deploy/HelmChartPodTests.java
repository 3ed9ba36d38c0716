package dev.netctx.deploy;

import java.util.List;

import dev.netctx.deploy.HelmChart.Rendered;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The pods the Helm chart renders: their container's ports, probes, environment, hardening and JVM
 * flags, and how many of them run and where.
 */
class HelmChartPodTests {

    @Test
    void containerExposesEveryListenerWithItsProtocol() {
        assertThat(HelmChart.renderAllOn().container().getPorts())
            .extracting((port) -> port.getName(), (port) -> port.getContainerPort(), (port) -> port.getProtocol())
            .containsExactlyInAnyOrder(tuple("http", 8090, "TCP"), tuple("management", 8091, "TCP"), tuple("tcp", 4442, "TCP"),
                    tuple("udp", 4442, "UDP"), tuple("tcp-alt", 4443, "TCP"));
    }

    @Test
    void probesUseTheActuatorHealthGroupsOnTheManagementPort() {
        Container container = HelmChart.render().container();
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
        assertThat(HelmChart.renderAllOn().container().getEnv()).extracting(EnvVar::getName).containsExactly(
                "SPRING_CONFIG_ADDITIONAL_LOCATION", "SERVER_PORT", "MANAGEMENT_SERVER_PORT", "JDK_JAVA_OPTIONS",
                "POD_NAME", "POD_NAMESPACE", "NODE_NAME", "JAVA_TOOL_OPTIONS", "NETCTX_SECURITY_TOKEN");
        assertThat(HelmChart.renderAllOn().container().getEnv()).last()
            .satisfies((token) -> assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("netctx-credentials"));
    }

    @Test
    void thePodsNameNamespaceAndNodeReachTheApplicationThroughTheDownwardApi() {
        for (Rendered rendered : List.of(HelmChart.render(), HelmChart.renderAllOn())) {
            assertThat(rendered.container().getEnv()).filteredOn((env) -> env.getValueFrom() != null
                    && env.getValueFrom().getFieldRef() != null)
                .extracting(EnvVar::getName, (env) -> env.getValueFrom().getFieldRef().getFieldPath())
                .containsExactly(tuple("POD_NAME", "metadata.name"), tuple("POD_NAMESPACE", "metadata.namespace"),
                        tuple("NODE_NAME", "spec.nodeName"));
        }
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
                assertThat(HelmChart.volume(pod, mount.getName()).getEmptyDir()).isNotNull();
            });
        }
    }

    @Test
    void theJvmExitsOnOutOfMemoryWithTheMeasuredFlagsInTheMeasuredMemory() {
        Container container = HelmChart.render().container();
        assertThat(HelmChart.env(container, "JDK_JAVA_OPTIONS")).isEqualTo("-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError "
                + "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:TrimNativeHeapInterval=5000");
        assertThat(container.getResources().getRequests().get("memory").toString()).isEqualTo("192Mi");
        assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("256Mi");
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
    void topologySpreadConstraintsGetThePodSelector() {
        Deployment deployment = HelmChart.renderAllOn().one(Deployment.class);
        assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).singleElement()
            .satisfies((constraint) -> assertThat(constraint.getLabelSelector())
                .isEqualTo(deployment.getSpec().getSelector()));
    }

    private static void assertHttpProbe(Probe probe, String path) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
    }
}
