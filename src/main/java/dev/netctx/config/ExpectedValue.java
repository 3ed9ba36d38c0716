package dev.netctx.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/** What a property of a given type expects, in the words of someone writing its value. */
final class ExpectedValue {

    private ExpectedValue() {
    }

    /**
     * What a value of {@code type} must look like, given the text {@code value} that could not be
     * converted; {@code null} for a type with nothing simpler to say than the converter's message.
     */
    static @Nullable String of(Class<?> type, @Nullable String value) {
        if (type.isEnum()) {
            List<String> names = Arrays.stream(type.getEnumConstants())
                .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
                .toList();
            return "must be " + String.join(", ", names.subList(0, names.size() - 1))
                    + ((names.size() > 1) ? " or " : "") + names.get(names.size() - 1);
        }
        if (type == int.class || type == Integer.class) {
            return wholeNumber(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        if (type == long.class || type == Long.class) {
            return wholeNumber(value, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "must be a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        if (type == Duration.class) {
            return "must be a duration such as 500ms, 30s, 5m, 1h or 1d";
        }
        if (type == DataSize.class) {
            return "must be a size in bytes such as 512B, 64KB or 16MB (B, KB, MB, GB or TB, no fraction)";
        }
        return null;
    }

    private static String wholeNumber(String value, long min, long max) {
        if (value != null && value.strip().matches("-?\\d+")) {
            return value.strip().startsWith("-") ? "must be at least " + min : "must be at most " + max;
        }
        return "must be a whole number";
    }
}
