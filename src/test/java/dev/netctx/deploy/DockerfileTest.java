package dev.netctx.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile, read instruction by instruction (no engine runs here: scripts/container-smoke.sh
 * builds and runs it with podman).
 */
class DockerfileTest {

    private final List<String> instructions = instructions(Path.of("Dockerfile"));

    @Test
    void baseImagesAreBuildArgumentsWithDockerHubDefaults() {
        assertThat(this.instructions.subList(0, 2)).containsExactly("ARG BUILD_IMAGE=eclipse-temurin:25-jdk",
                "ARG RUNTIME_IMAGE=eclipse-temurin:25-jre");
        assertThat(this.instructions).filteredOn((line) -> line.startsWith("FROM "))
            .containsExactly("FROM ${BUILD_IMAGE} AS build", "FROM ${RUNTIME_IMAGE}");
    }

    @Test
    void buildStageUsesTheWrapperAndExtractsTheLayeredJar() {
        assertThat(buildStage()).anySatisfy((line) -> assertThat(line).contains("./mvnw -B", "-DskipTests package",
                "java -Djarmode=tools -jar target/netctx.jar extract --layers --launcher --destination /layers"));
    }

    @Test
    void runtimeStageCopiesTheSpringBootLayersLeastChangedFirst() {
        assertThat(runtimeStage()).filteredOn((line) -> line.startsWith("COPY --from="))
            .containsExactly("COPY --from=build /layers/dependencies/ ./", "COPY --from=build /layers/spring-boot-loader/ ./",
                    "COPY --from=build /layers/snapshot-dependencies/ ./", "COPY --from=build /layers/application/ ./");
        assertThat(runtimeStage()).last().asString()
            .startsWith("ENTRYPOINT [\"java\"")
            .endsWith("\"org.springframework.boot.loader.launch.JarLauncher\"]");
    }

    @Test
    void runsAsANonRootUser() {
        assertThat(runtimeStage()).contains("ARG UID=10001", "USER ${UID}:${UID}");
        assertThat(runtimeStage()).anySatisfy((line) -> assertThat(line).startsWith("RUN groupadd").contains("useradd --system --uid \"${UID}\""));
    }

    @Test
    void listenersAndBothHttpPortsBindEveryInterfaceAndEveryPortIsExposed() {
        assertThat(runtimeStage()).anySatisfy((line) -> assertThat(line).startsWith("ENV ")
            .contains("NETCTX_LISTENERS_TCP_BINDADDRESS=0.0.0.0", "NETCTX_LISTENERS_UDP_BINDADDRESS=0.0.0.0",
                    "SERVER_ADDRESS=0.0.0.0", "SERVER_PORT=8080", "MANAGEMENT_SERVER_ADDRESS=0.0.0.0",
                    "MANAGEMENT_SERVER_PORT=8081", "MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true"));
        assertThat(runtimeStage()).contains("EXPOSE 4442/tcp 4442/udp 8080/tcp 8081/tcp");
    }

    @Test
    void theJvmExitsOnOutOfMemoryWithTheMeasuredFootprintFlags() {
        assertThat(runtimeStage()).anySatisfy((line) -> assertThat(line).startsWith("ENV ")
            .contains("JDK_JAVA_OPTIONS=\"-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC "
                    + "-XX:TieredStopAtLevel=1 -XX:TrimNativeHeapInterval=5000\""));
    }

    @Test
    void healthcheckRunsTheReadinessScript() {
        assertThat(runtimeStage()).contains("COPY --chmod=755 docker/healthcheck.sh /usr/local/bin/netctx-healthcheck")
            .anySatisfy((line) -> assertThat(line).startsWith("HEALTHCHECK ").endsWith("CMD [\"netctx-healthcheck\"]"));
    }

    @Test
    void buildContextHoldsOnlyWhatTheBuildReads() throws IOException {
        List<String> rules = Files.readAllLines(Path.of(".dockerignore")).stream()
            .filter((line) -> !line.isBlank() && !line.startsWith("#"))
            .toList();
        assertThat(rules).containsExactly("*", "!mvnw", "!pom.xml", "!.mvn/", "!src/", "!docker/", "src/test/");
    }

    private List<String> buildStage() {
        return this.instructions.subList(0, this.instructions.indexOf("FROM ${RUNTIME_IMAGE}"));
    }

    private List<String> runtimeStage() {
        return this.instructions.subList(this.instructions.indexOf("FROM ${RUNTIME_IMAGE}"), this.instructions.size());
    }

    /** The instructions, continuation lines joined, comments and the parser directive left out. */
    private static List<String> instructions(Path dockerfile) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        try {
            for (String line : Files.readAllLines(dockerfile)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                if (trimmed.endsWith("\\")) {
                    current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                    continue;
                }
                instructions.add(current.append(trimmed).toString().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        catch (IOException ex) {
            throw new AssertionError("Cannot read " + dockerfile, ex);
        }
        return instructions;
    }
}
