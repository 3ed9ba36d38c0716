package dev.netctx.probe;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.netctx.net.NetProtocol;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * What a probe is asked to do, checked against the limits of {@link ProbeProperties}.
 * @param protocol {@code tcp} or {@code udp}
 * @param host the target's host name or address
 * @param port the target's port
 * @param count the tries, one after the other
 * @param size the payload of each try, in bytes (random, new for each try)
 * @param timeout how long each try may take, connect and round trip together
 */
public record ProbeRequest(NetProtocol protocol, String host, int port, int count, int size, Duration timeout) {

    /** The fields of a request body, in the order the API documents them. */
    public static final List<String> FIELDS = List.of("protocol", "host", "port", "count", "size", "timeout");

    static final int DEFAULT_SIZE = 32;

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    /**
     * Reads a request body (a JSON object): {@code host} and {@code port} are required; {@code protocol}
     * defaults to {@code tcp}, {@code count} to 1, {@code size} to 32 and {@code timeout} (milliseconds,
     * or a duration such as {@code 500ms} or {@code 2s}) to 1 s.
     * @throws ProbeException {@code BAD_REQUEST} naming the field that is wrong
     */
    public static ProbeRequest parse(Map<String, ?> body, ProbeProperties limits) {
        for (String field : body.keySet()) {
            if (!FIELDS.contains(field)) {
                throw invalid("Unknown field '" + field + "': the fields are " + String.join(", ", FIELDS));
            }
        }
        NetProtocol protocol = protocol(body.get("protocol"));
        Object host = body.get("host");
        if (!(host instanceof String name) || name.isBlank()) {
            throw invalid("Field 'host' is required: a host name or an IP address");
        }
        int port = number(body, "port", null, 1, 65_535, "");
        int count = number(body, "count", 1, 1, limits.maxCount(), " (netctx.probe.max-count)");
        int size = number(body, "size", DEFAULT_SIZE, 1, (int) limits.maxSize().toBytes(), " bytes (netctx.probe.max-size)");
        Duration timeout = timeout(body.get("timeout"), limits.maxTimeout());
        return new ProbeRequest(protocol, name.strip(), port, count, size, timeout);
    }

    private static NetProtocol protocol(@Nullable Object value) {
        if (value == null) {
            return NetProtocol.TCP;
        }
        try {
            return NetProtocol.parse(String.valueOf(value));
        }
        catch (IllegalArgumentException ex) {
            throw invalid("Invalid protocol '" + value + "': expected tcp or udp");
        }
    }

    private static int number(Map<String, ?> body, String field, @Nullable Integer defaultValue, int min, int max,
            String unit) {
        Object value = body.get(field);
        if (value == null) {
            if (defaultValue == null) {
                throw invalid("Field '" + field + "' is required: " + min + ".." + max);
            }
            return defaultValue;
        }
        if (!(value instanceof Integer number) || number < min || number > max) {
            throw invalid("Invalid " + field + " '" + value + "': expected a whole number " + min + ".." + max + unit);
        }
        return number;
    }

    private static Duration timeout(@Nullable Object value, Duration max) {
        if (value == null) {
            return (DEFAULT_TIMEOUT.compareTo(max) < 0) ? DEFAULT_TIMEOUT : max;
        }
        Duration timeout;
        try {
            timeout = (value instanceof Integer millis) ? Duration.ofMillis(millis)
                    : DurationStyle.detectAndParse(String.valueOf(value));
        }
        catch (IllegalArgumentException ex) {
            timeout = null;
        }
        if (timeout == null || timeout.toMillis() < 1 || timeout.compareTo(max) > 0) {
            throw invalid("Invalid timeout '" + value + "': expected milliseconds or a duration such as 500ms or 2s, from 1ms to "
                    + max.toMillis() + "ms (netctx.probe.max-timeout)");
        }
        return timeout;
    }

    private static ProbeException invalid(String detail) {
        return new ProbeException(ProbeException.Kind.BAD_REQUEST, detail);
    }
}
