package dev.netctx.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.yaml.snakeyaml.Yaml;

/**
 * The netctx Helm chart, driven through helm-java (Helm's own Go code, run in-process): lint it and
 * render it, with the rendered documents read into fabric8 Kubernetes model objects.
 */
final class HelmChart {

    static final Path CHART = Path.of("helm", "netctx");

    static final Path ALL_ON_VALUES = CHART.resolve("ci/all-on-values.yaml");

    static final String RELEASE = "netctx";

    static final String NAMESPACE = "echo";

    /** The cluster version to render for (helm template's own default, 1.20, is older than the chart allows). */
    static final String KUBE_VERSION = "v1.33.0";

    private static final Pattern SOURCE = Pattern.compile("^# Source: (\\S+)", Pattern.MULTILINE);

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private HelmChart() {
    }

    /** {@code helm lint --strict} of the chart with its own values.yaml. */
    static LintResult lint() {
        return new Helm(CHART).lint().strict().call();
    }

    /**
     * {@code helm lint --strict} of the chart with {@code values} over its values.yaml: helm lint takes
     * no values file, so a copy of the chart gets the merged values as its values.yaml.
     */
    static LintResult lint(Path values, Path workDir) {
        Path copy = workDir.resolve("netctx");
        copyTree(CHART, copy);
        Yaml yaml = new Yaml();
        Map<String, Object> merged = merge(read(yaml, CHART.resolve("values.yaml")), read(yaml, values));
        write(copy.resolve("values.yaml"), yaml.dump(merged));
        return new Helm(copy).lint().strict().call();
    }

    /** {@code helm template} with the chart's values and the given adjustments (a values file, --set). */
    static Rendered render(Consumer<TemplateCommand> options) {
        TemplateCommand command = new Helm(CHART).template().withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
        options.accept(command);
        return Rendered.parse(command.call());
    }

    static Rendered render() {
        return render((command) -> {
        });
    }

    static Rendered renderAllOn() {
        return render((command) -> command.withValuesFile(ALL_ON_VALUES));
    }

    /** The NOTES.txt that {@code helm install} prints, from a client-only dry run (no cluster needed). */
    static String notes(Path values) {
        String output = new Helm(CHART).install()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION)
            .withValuesFile(values)
            .clientOnly()
            .dryRun()
            .call()
            .getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }

    /** The value of the environment variable {@code name} of {@code container}. */
    static String env(Container container, String name) {
        return container.getEnv().stream().filter((env) -> env.getName().equals(name)).findFirst().orElseThrow().getValue();
    }

    /** The volume {@code name} of {@code pod}. */
    static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter((volume) -> volume.getName().equals(name)).findFirst().orElseThrow();
    }

    /** Reads one document as the Kubernetes model class of its apiVersion and kind. */
    static HasMetadata toModel(String document) {
        return SERIALIZATION.unmarshal(document);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        overrides.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && merged.get(key) instanceof Map<?, ?> baseMap) {
                merged.put(key, merge((Map<String, Object>) baseMap, (Map<String, Object>) map));
            }
            else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static Map<String, Object> read(Yaml yaml, Path file) {
        try {
            return yaml.load(Files.readString(file));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void copyTree(Path source, Path target) {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                }
                else {
                    Files.copy(path, destination);
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A rendered document: the template it came from, its text and its model object. */
    record Document(String source, String yaml, HasMetadata model) {

        String kind() {
            return this.model.getKind();
        }
    }

    /** The documents that {@code helm template} printed. */
    record Rendered(List<Document> documents) {

        static Rendered parse(String output) {
            List<Document> documents = new ArrayList<>();
            for (String text : output.split("(?m)^---\\s*$")) {
                Matcher source = SOURCE.matcher(text);
                if (text.isBlank() || !source.find()) {
                    continue;
                }
                documents.add(new Document(source.group(1), text, toModel(text)));
            }
            return new Rendered(List.copyOf(documents));
        }

        List<String> kinds() {
            return this.documents.stream().map(Document::kind).sorted().toList();
        }

        /** The only object of the given model class. */
        <T extends HasMetadata> T one(Class<T> type) {
            List<T> found = this.documents.stream()
                .map(Document::model)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
            if (found.size() != 1) {
                throw new AssertionError("Expected one " + type.getSimpleName() + ", rendered " + kinds());
            }
            return found.get(0);
        }

        /** The object of the given model class that the template {@code name} (e.g. {@code service.yaml}) rendered. */
        <T extends HasMetadata> T from(String name, Class<T> type) {
            return this.documents.stream()
                .filter((document) -> document.source().endsWith("/" + name))
                .map(Document::model)
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("No " + type.getSimpleName() + " from " + name + ": " + kinds()));
        }

        /** The netctx container of the Deployment's pod template. */
        Container container() {
            return one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        }

        /** The labels of the Deployment's pod template. */
        Map<String, String> podLabels() {
            return one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
        }

        /** The {@code application.yml} of the ConfigMap, read as YAML. */
        Map<String, Object> applicationYaml() {
            return new Yaml().load(one(ConfigMap.class).getData().get("application.yml"));
        }

        Document document(String kind) {
            return this.documents.stream()
                .filter((document) -> document.kind().equals(kind))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No " + kind + " rendered: " + kinds()));
        }
    }
}
