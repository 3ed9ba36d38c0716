package dev.netctx.cli;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A time, read as Spring Boot reads a {@link Duration} property: {@code 250ms}, {@code 5s},
 * {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT1.5S}); a bare number is milliseconds, as in the
 * server's {@code netctx.*} properties. Negative times are refused; each command checks its own range.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    /** How a time is written, for the help of the commands that take one. */
    public static final String HELP = "Times: 500ms, 5s, 2m, 1h or ISO-8601 (PT1.5S); a bare number is milliseconds.";

    @Override
    public Duration convert(String value) {
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(value.strip());
        }
        catch (IllegalArgumentException ex) {
            throw new TypeConversionException("'" + value + "' is not a time: use e.g. 500ms, 5s, 2m or PT1.5S");
        }
        if (duration.isNegative()) {
            throw new TypeConversionException("'" + value + "' is negative: a time is 0 or more");
        }
        return duration;
    }
}
