package dev.netctx.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.marcnuri.helm.LintResult;
import dev.netctx.deploy.HelmChart.Document;
import dev.netctx.deploy.HelmChart.Rendered;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart, linted and rendered by Helm itself (helm-java), over its default values and over
 * {@code ci/all-on-values.yaml}, which turns every option on: which objects it renders, all of them well formed, and
 * its NOTES. The other {@code HelmChart*Tests} check what the rendered objects say.
 */
class HelmChartTests {

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
    void notesListEveryPortWithItsProtocol(@TempDir Path workDir) throws IOException {
        Path noOverrides = Files.writeString(workDir.resolve("values.yaml"), "{}");
        assertThat(HelmChart.notes(noOverrides)).contains("Service netctx (ClusterIP):", "tcp: 4442/TCP (echo)",
                "udp: 4442/UDP (echo)", "http: 8080/TCP", "port-forward service/netctx 8080 4442");
        assertThat(HelmChart.notes(HelmChart.ALL_ON_VALUES)).contains("3 to 12 pods",
                "(LoadBalancer, session affinity by client IP)", "tcp-alt: 4443/TCP (echo)", ".status.loadBalancer.ingress");
    }

    private static void assertLintPasses(LintResult result) {
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }
}
