package dev.netctx.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the image must guarantee, read from the Dockerfile instruction by instruction: invariants,
 * not its spelling (no engine runs here: scripts/container-smoke.sh builds and runs it with podman).
 */
class DockerfileTests {

    private static final Path DOCKERFILE = Path.of("Dockerfile");

    private final List<Instruction> instructions = Instruction.parse(DOCKERFILE);

    private final List<Instruction> runtime = this.instructions.subList(lastIndexOf("FROM"), this.instructions.size());

    @Test
    void theProcessRunsAsANonRootUser() {
        List<Instruction> users = ofKind(this.runtime, "USER");
        assertThat(users).as("a USER in the runtime stage").isNotEmpty();
        String user = resolve(users.get(users.size() - 1).arguments()).split(":")[0];
        assertThat(user).as("the runtime user").isNotIn("0", "root", "");
        assertThat(this.runtime.indexOf(users.get(users.size() - 1)))
            .as("USER comes before the ENTRYPOINT").isLessThan(this.runtime.indexOf(last(this.runtime, "ENTRYPOINT")));
    }

    @Test
    void everythingListensOnEveryInterfaceAndEveryPortItListensOnIsExposed() {
        Map<String, String> env = environment();
        assertThat(env).containsEntry("NETCTX_LISTENERS_TCP_BINDADDRESS", "0.0.0.0")
            .containsEntry("NETCTX_LISTENERS_UDP_BINDADDRESS", "0.0.0.0")
            .containsEntry("SERVER_ADDRESS", "0.0.0.0")
            .containsEntry("MANAGEMENT_SERVER_ADDRESS", "0.0.0.0");
        List<String> exposed = ofKind(this.runtime, "EXPOSE").stream()
            .flatMap((expose) -> Arrays.stream(expose.arguments().split(" ")))
            .toList();
        int listenerPort = defaultListenerPort();
        assertThat(exposed).as("both protocols of the echo listeners, and both HTTP ports")
            .contains(listenerPort + "/tcp", listenerPort + "/udp", env.get("SERVER_PORT") + "/tcp",
                    env.get("MANAGEMENT_SERVER_PORT") + "/tcp");
    }

    @Test
    void theHealthcheckAsksReadinessOnTheManagementPortWithAScriptTheImageHolds() throws IOException {
        Instruction healthcheck = last(this.runtime, "HEALTHCHECK");
        Matcher command = Pattern.compile("CMD \\[\"([^\"]+)\"").matcher(healthcheck.arguments());
        assertThat(command.find()).as("HEALTHCHECK in exec form: " + healthcheck).isTrue();
        Instruction copy = ofKind(this.runtime, "COPY").stream()
            .filter((instruction) -> instruction.arguments().endsWith("/" + command.group(1)))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the image does not COPY " + command.group(1)));
        assertThat(copy.arguments()).contains("--chmod=755");
        String[] words = copy.arguments().split(" ");
        String script = Files.readString(Path.of(words[words.length - 2]));
        assertThat(script).contains("/actuator/health/readiness", "MANAGEMENT_SERVER_PORT");
        assertThat(environment()).containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
    }

    @Test
    void theJvmExitsOnOutOfMemoryWithTheSameFlagsAsTheChart() throws IOException {
        String options = environment().get("JDK_JAVA_OPTIONS");
        assertThat(options).as("JDK_JAVA_OPTIONS, which `docker run -e` can replace").contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(Files.readString(Path.of("helm/netctx/values.yaml"))).as("the chart's jvm.options")
            .contains("options: \"" + options + "\"");
    }

    @Test
    void baseImagesCanBeReplacedForOfflineBuilds() {
        List<Instruction> stages = ofKind(this.instructions, "FROM");
        assertThat(stages).hasSize(2).allSatisfy((from) -> assertThat(from.arguments()).startsWith("${"));
        assertThat(ofKind(this.instructions.subList(0, this.instructions.indexOf(stages.get(0))), "ARG"))
            .extracting(Instruction::arguments)
            .anySatisfy((arg) -> assertThat(arg).startsWith("BUILD_IMAGE="))
            .anySatisfy((arg) -> assertThat(arg).startsWith("RUNTIME_IMAGE="));
    }

    @Test
    void theRuntimeStageRunsSpringBootsLayersLeastChangedFirst() {
        List<String> layers = ofKind(this.runtime, "COPY").stream()
            .map(Instruction::arguments)
            .filter((arguments) -> arguments.startsWith("--from=build /layers/"))
            .map((arguments) -> arguments.split(" ")[1])
            .toList();
        assertThat(layers).containsExactly("/layers/dependencies/", "/layers/spring-boot-loader/",
                "/layers/snapshot-dependencies/", "/layers/application/");
        assertThat(last(this.runtime, "ENTRYPOINT").arguments()).startsWith("[\"java\"")
            .endsWith("\"org.springframework.boot.loader.launch.JarLauncher\"]");
    }

    @Test
    void theBuildContextHoldsWhatTheBuildStageCopiesAndNoTests() throws IOException {
        List<String> rules = Files.readAllLines(Path.of(".dockerignore")).stream()
            .filter((line) -> !line.isBlank() && !line.startsWith("#"))
            .toList();
        assertThat(rules).first().as("everything is left out unless named").isEqualTo("*");
        assertThat(rules).contains("src/test/");
        List<Instruction> copies = ofKind(this.instructions, "COPY").stream()
            .filter((copy) -> !copy.arguments().startsWith("--from="))
            .toList();
        for (Instruction copy : copies) {
            String[] words = copy.arguments().split(" ");
            for (int i = 0; i < words.length - 1; i++) {
                if (!words[i].startsWith("--")) {
                    String top = words[i].contains("/") ? words[i].substring(0, words[i].indexOf('/') + 1) : words[i];
                    assertThat(rules).as("COPY " + words[i] + " is in the build context").contains("!" + top);
                }
            }
        }
    }

    private int defaultListenerPort() {
        try {
            Matcher port = Pattern.compile("(?m)^\\s+port: (\\d+)$")
                .matcher(Files.readString(Path.of("src/main/resources/application.yml")));
            assertThat(port.find()).as("a listener port in application.yml").isTrue();
            return Integer.parseInt(port.group(1));
        }
        catch (IOException ex) {
            throw new AssertionError(ex);
        }
    }

    /** The runtime stage's environment: every ENV instruction's {@code NAME=value} pairs, quotes removed. */
    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher pair = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher("");
        for (Instruction instruction : ofKind(this.runtime, "ENV")) {
            pair.reset(instruction.arguments());
            while (pair.find()) {
                env.put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
            }
        }
        return env;
    }

    /** {@code value} with the runtime stage's {@code ARG} defaults substituted for {@code ${NAME}}. */
    private String resolve(String value) {
        String resolved = value;
        for (Instruction arg : ofKind(this.runtime, "ARG")) {
            String[] nameAndDefault = arg.arguments().split("=", 2);
            if (nameAndDefault.length == 2) {
                resolved = resolved.replace("${" + nameAndDefault[0] + "}", nameAndDefault[1]);
            }
        }
        return resolved;
    }

    private int lastIndexOf(String keyword) {
        return this.instructions.lastIndexOf(last(this.instructions, keyword));
    }

    private static List<Instruction> ofKind(List<Instruction> instructions, String keyword) {
        return instructions.stream().filter((instruction) -> instruction.keyword().equals(keyword)).toList();
    }

    private static Instruction last(List<Instruction> instructions, String keyword) {
        List<Instruction> found = ofKind(instructions, keyword);
        assertThat(found).as("a " + keyword + " instruction").isNotEmpty();
        return found.get(found.size() - 1);
    }

    /** One instruction: its keyword and its arguments, continuation lines joined and spaces collapsed. */
    private record Instruction(String keyword, String arguments) {

        static List<Instruction> parse(Path dockerfile) {
            List<Instruction> instructions = new ArrayList<>();
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
                    String[] parts = current.append(trimmed).toString().replaceAll("\\s+", " ").split(" ", 2);
                    instructions.add(new Instruction(parts[0].toUpperCase(), (parts.length > 1) ? parts[1] : ""));
                    current.setLength(0);
                }
            }
            catch (IOException ex) {
                throw new AssertionError("Cannot read " + dockerfile, ex);
            }
            return instructions;
        }
    }
}
