package dev.netctx.deploy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.netctx.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docker-compose stack: netctx, Prometheus scraping its actuator, Grafana with a provisioned
 * datasource and dashboard. Each file is read and cross-checked against the others;
 * {@code docker-compose config} and {@code promtool check config} judge them too where installed.
 */
class ComposeStackTests {

    private static final Path COMPOSE_FILE = Path.of("docker-compose.yml");

    /** The netctx meters the dashboard may query, as Prometheus names them (design.md section 4). */
    private static final Set<String> NETCTX_METRICS = Set.of("netctx_data_received_bytes_total", "netctx_data_sent_bytes_total",
            "netctx_contexts_open", "netctx_connections_accepted_total", "netctx_connections_rejected_total", "netctx_errors_total");

    private static final Pattern NETCTX_METRIC = Pattern.compile("\\bnetctx_[a-z_]+");

    private static final ExternalTool DOCKER_COMPOSE = new ExternalTool("docker-compose", "docker-compose");

    private static final ExternalTool PROMTOOL = new ExternalTool("promtool", "prometheus");

    private final Map<String, Object> compose = yaml(COMPOSE_FILE);

    @Test
    void stackIsNetctxPrometheusAndGrafana() {
        assertThat(services()).containsOnlyKeys("netctx", "prometheus", "grafana");
        assertThat(services().values()).allSatisfy((service) -> assertThat(map(service)).containsEntry("restart", "unless-stopped"));
        assertThat(map(this.compose.get("volumes"))).containsOnlyKeys("prometheus-data", "grafana-data");
    }

    @Test
    void netctxIsBuiltFromTheDockerfileWithDockerHubBasesByDefault() throws IOException {
        Map<String, Object> build = map(service("netctx").get("build"));
        assertThat(build).containsEntry("context", ".");
        assertThat(map(build.get("args"))).containsOnly(
                Map.entry("BUILD_IMAGE", "${NETCTX_BUILD_IMAGE:-eclipse-temurin:25-jdk}"),
                Map.entry("RUNTIME_IMAGE", "${NETCTX_RUNTIME_IMAGE:-eclipse-temurin:25-jre}"));
        assertThat(Files.readAllLines(Path.of("Dockerfile"))).contains("ARG BUILD_IMAGE=eclipse-temurin:25-jdk",
                "ARG RUNTIME_IMAGE=eclipse-temurin:25-jre");
    }

    @Test
    void netctxPublishesTheEchoPortOverTcpAndUdpTheHttpPortAndTheManagementPortOnLoopbackOnly() {
        assertThat(list(service("netctx").get("ports"))).map(ComposeStackTests::containerSide)
            .containsExactly("4442/tcp", "4442/udp", "8080/tcp", "8081/tcp");
        assertThat(list(service("netctx").get("ports"))).filteredOn((port) -> port.toString().endsWith(":8081/tcp"))
            .singleElement().asString().startsWith("127.0.0.1:");
    }

    @Test
    void loadTestersCanTrustTheirNetworkForUdp() {
        assertThat(map(service("netctx").get("environment")))
            .containsEntry("NETCTX_TRUSTEDNETWORKS", "${NETCTX_TRUSTED_NETWORKS:-127.0.0.0/8,::1/128}");
    }

    @Test
    void netctxHealthcheckIsTheImagesReadinessScript() {
        Map<String, Object> healthcheck = map(service("netctx").get("healthcheck"));
        assertThat(list(healthcheck.get("test"))).containsExactly("CMD", "netctx-healthcheck");
        assertThat(healthcheck).containsKeys("interval", "timeout", "retries", "start_period");
        assertThat(service("netctx")).containsEntry("read_only", true).containsEntry("cap_drop", List.of("ALL"))
            .containsEntry("stop_grace_period", "40s");
    }

    @Test
    void prometheusScrapesTheActuatorOfTheNetctxService() {
        Map<String, Object> config = yaml(hostPath("prometheus", "/etc/prometheus/prometheus.yml"));
        Map<String, Object> job = map(list(config.get("scrape_configs")).get(0));
        assertThat(job).containsEntry("job_name", "netctx").containsEntry("metrics_path", "/actuator/prometheus");
        List<Object> targets = list(map(list(job.get("static_configs")).get(0)).get("targets"));
        assertThat(targets).containsExactly("netctx:8081");
        assertThat(list(service("prometheus").get("command"))).contains("--config.file=/etc/prometheus/prometheus.yml");
        assertThat(map(map(service("prometheus").get("depends_on")).get("netctx"))).containsEntry("condition", "service_healthy");
    }

    @Test
    void grafanaGetsThePrometheusDatasourceAndTheDashboard() throws IOException {
        Path provisioning = hostPath("grafana", "/etc/grafana/provisioning");
        Map<String, Object> datasource = map(list(yaml(provisioning.resolve("datasources/prometheus.yml")).get("datasources")).get(0));
        URI url = URI.create((String) datasource.get("url"));
        assertThat(services()).containsKey(url.getHost());
        assertThat(list(service(url.getHost()).get("ports"))).map(ComposeStackTests::containerSide).contains(url.getPort() + "/tcp");
        Map<String, Object> provider = map(list(yaml(provisioning.resolve("dashboards/netctx.yml")).get("providers")).get(0));
        String dashboardsPath = (String) map(provider.get("options")).get("path");
        Path dashboards = hostPath("grafana", dashboardsPath);
        assertThat(map(service("grafana").get("environment")))
            .containsEntry("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH", dashboardsPath + "/netctx.json");
        JsonNode dashboard = JsonMapper.shared().readTree(dashboards.resolve("netctx.json").toFile());
        assertThat(dashboard.get("uid").asString()).isEqualTo("netctx");
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("datasource").get("uid").asString()).as(panel.get("title").asString()).isEqualTo(datasource.get("uid"));
            assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
        }
    }

    @Test
    void dashboardShowsContextsTrafficRefusalsAndErrorsFromNetctxMetrics() throws IOException {
        JsonNode dashboard = JsonMapper.shared().readTree(Path.of("compose/grafana/dashboards/netctx.json").toFile());
        Set<String> used = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                Matcher metric = NETCTX_METRIC.matcher(target.get("expr").asString());
                while (metric.find()) {
                    used.add(metric.group());
                }
            }
        }
        assertThat(used).isEqualTo(NETCTX_METRICS);
    }

    @Test
    void dashboardQueriesAreValidPromQl(@TempDir Path workDir) throws Exception {
        JsonNode dashboard = JsonMapper.shared().readTree(Path.of("compose/grafana/dashboards/netctx.json").toFile());
        List<Map<String, String>> rules = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                // Each query as a recording rule: promtool parses it with Prometheus's own PromQL parser.
                String expr = target.get("expr").asString().replace("$__rate_interval", "1m");
                rules.add(Map.of("record", "netctx:panel" + panel.get("id").asInt() + "_" + target.get("refId").asString(), "expr", expr));
            }
        }
        Path rulesFile = workDir.resolve("dashboard-rules.yml");
        Files.writeString(rulesFile, new Yaml().dump(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));
        ExternalTool.Result result = PROMTOOL.run("check", "rules", rulesFile.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + rules.size() + " rules found");
    }

    @Test
    void everyMountedHostPathExists() {
        services().forEach((name, service) -> {
            for (Object volume : list(map(service).getOrDefault("volumes", List.of()))) {
                String source = String.valueOf(volume).split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(Path.of(source)).as(name + " mounts " + source).exists();
                }
            }
        });
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        ExternalTool.Result result = DOCKER_COMPOSE.run("-f", COMPOSE_FILE.toString(), "config", "-q");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void promtoolAcceptsThePrometheusConfig() throws Exception {
        ExternalTool.Result result = PROMTOOL.run("check", "config", hostPath("prometheus", "/etc/prometheus/prometheus.yml").toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    private Map<String, Object> services() {
        return map(this.compose.get("services"));
    }

    private Map<String, Object> service(String name) {
        return map(services().get(name));
    }

    /** The host file or folder that a service mounts at a container path. */
    private Path hostPath(String service, String containerPath) {
        for (Object volume : list(service(service).get("volumes"))) {
            String[] parts = String.valueOf(volume).split(":");
            if (parts[1].equals(containerPath)) {
                return Path.of(parts[0]);
            }
        }
        throw new AssertionError(service + " mounts nothing at " + containerPath);
    }

    /** "127.0.0.1:4442:4442/udp" gives "4442/udp"; a port with no protocol is TCP. */
    private static String containerSide(Object port) {
        String mapping = String.valueOf(port);
        String containerPort = mapping.substring(mapping.lastIndexOf(':') + 1);
        return containerPort.contains("/") ? containerPort : containerPort + "/tcp";
    }

    private static Map<String, Object> yaml(Path file) {
        try {
            return new Yaml().load(Files.readString(file));
        }
        catch (IOException ex) {
            throw new AssertionError("Cannot read " + file, ex);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }
}
