package dev.netctx.actuate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser of the Prometheus text exposition format (version 0.0.4): {@code # TYPE} lines and
 * samples {@code name{label="value",...} value}, with label values unescaped. Enough to read
 * {@code /actuator/prometheus} back into numbers; it rejects any line it does not understand.
 */
public final class PrometheusText {

    private final Map<String, String> types = new HashMap<>();

    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {
    }

    public static PrometheusText parse(String exposition) {
        PrometheusText text = new PrometheusText();
        for (String line : exposition.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 4 && parts[1].equals("TYPE")) {
                    text.types.put(parts[2], parts[3]);
                }
                continue;
            }
            text.samples.add(sample(line));
        }
        return text;
    }

    /** The declared type of a metric family ({@code counter}, {@code gauge}, ...), or {@code null}. */
    String type(String family) {
        return this.types.get(family);
    }

    /** The samples of the given name whose labels include all of {@code labels} (name, value pairs). */
    List<Sample> samples(String name, String... labels) {
        return this.samples.stream().filter((sample) -> sample.name().equals(name) && sample.has(labels)).toList();
    }

    /** The value of the one sample of that name and labels. */
    public double value(String name, String... labels) {
        List<Sample> matching = samples(name, labels);
        if (matching.size() != 1) {
            throw new IllegalStateException(matching.size() + " samples of " + name + " with " + List.of(labels));
        }
        return matching.get(0).value();
    }

    private static Sample sample(String line) {
        int nameEnd = 0;
        while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && line.charAt(nameEnd) != ' ') {
            nameEnd++;
        }
        String name = line.substring(0, nameEnd);
        Map<String, String> labels = new LinkedHashMap<>();
        int position = nameEnd;
        if (position < line.length() && line.charAt(position) == '{') {
            position++;
            while (line.charAt(position) != '}') {
                int equals = line.indexOf("=\"", position);
                String label = line.substring(position, equals);
                StringBuilder value = new StringBuilder();
                position = equals + 2;
                for (char c = line.charAt(position); c != '"'; c = line.charAt(position)) {
                    if (c == '\\') {
                        char escaped = line.charAt(++position);
                        value.append((escaped == 'n') ? '\n' : escaped);
                    }
                    else {
                        value.append(c);
                    }
                    position++;
                }
                labels.put(label, value.toString());
                position++;
                if (line.charAt(position) == ',') {
                    position++;
                }
            }
            position++;
        }
        String[] rest = line.substring(position).trim().split(" ");
        if (name.isEmpty() || rest.length < 1 || rest.length > 2) {
            throw new IllegalArgumentException("Not a sample line: " + line);
        }
        return new Sample(name, labels, number(rest[0]));
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {

        boolean has(String... pairs) {
            for (int i = 0; i < pairs.length; i += 2) {
                if (!pairs[i + 1].equals(this.labels.get(pairs[i]))) {
                    return false;
                }
            }
            return true;
        }
    }
}
