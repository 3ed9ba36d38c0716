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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The Helm chart's values: what its schema and templates refuse before anything is rendered, and
 * that every value is described in {@code values.yaml} and in the deployment guide.
 */
class HelmChartValuesTests {

    private static final Pattern VALUES_KEY = Pattern.compile("^( *)([A-Za-z][\\w-]*):.*$");

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
}
