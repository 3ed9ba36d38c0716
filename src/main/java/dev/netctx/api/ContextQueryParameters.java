package dev.netctx.api;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.netctx.context.ContextQuery;
import dev.netctx.context.ContextRole;
import dev.netctx.context.ContextSortKey;
import dev.netctx.context.ContextState;
import dev.netctx.context.PeerFilter;
import dev.netctx.net.NetProtocol;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The query parameters of {@code GET /api/contexts} and {@code GET /actuator/netcontexts}, in Spring
 * Data's conventions ({@code page=0&size=50&sort=bytesReceived,desc}), plus the filters
 * {@code listener}, {@code protocol}, {@code role}, {@code state} and {@code remote}. One parser
 * for both, so that the same bad value gets the same {@code 400} problem from each.
 */
public final class ContextQueryParameters {

    /** Every parameter accepted. */
    public static final List<String> NAMES = List.of("page", "size", "sort", "listener", "protocol", "role", "state",
            "remote");

    private static final String SORT_KEYS = Arrays.stream(ContextSortKey.values())
        .map(ContextSortKey::property)
        .collect(Collectors.joining(", "));

    private ContextQueryParameters() {
    }

    /**
     * The query that {@code parameters} (name to value, absent or {@code null} for the default)
     * describe; the default is the first page of {@value ContextQuery#DEFAULT_SIZE} by increasing id.
     * @throws ErrorResponseException a {@code 400} problem that names the bad parameter and the values it accepts
     */
    public static ContextQuery parse(Map<String, String> parameters) {
        parameters.forEach((name, value) -> {
            if (value == null || value.isBlank()) {
                throw badRequest("Parameter '" + name + "' is empty: leave it out for the default");
            }
        });
        int page = number(parameters.get("page"), "page", 0, Integer.MAX_VALUE, 0, "from 0");
        int size = number(parameters.get("size"), "size", 1, ContextQuery.MAX_SIZE, ContextQuery.DEFAULT_SIZE,
                "from 1 to " + ContextQuery.MAX_SIZE);
        String sort = parameters.get("sort");
        ContextSortKey key = ContextSortKey.ID;
        boolean descending = false;
        if (sort != null) {
            String[] parts = sort.split(",", -1);
            Optional<ContextSortKey> named = ContextSortKey.fromProperty(parts[0].trim());
            String direction = (parts.length == 2) ? parts[1].trim().toLowerCase(Locale.ROOT) : "asc";
            if (named.isEmpty() || parts.length > 2 || !(direction.equals("asc") || direction.equals("desc"))) {
                throw badRequest("Invalid sort '" + sort + "': expected one of " + SORT_KEYS
                        + ", optionally followed by ,asc or ,desc");
            }
            key = named.get();
            descending = direction.equals("desc");
        }
        return new ContextQuery(parameters.get("listener"),
                convert(parameters.get("protocol"), "protocol", NetProtocol.class, NetProtocol::parse),
                convert(parameters.get("role"), "role", ContextRole.class, enumOf(ContextRole.class)),
                convert(parameters.get("state"), "state", ContextState.class, enumOf(ContextState.class)),
                remote(parameters.get("remote")), key, descending, page, size);
    }

    private static int number(String value, String name, int min, int max, int absent, String range) {
        if (value == null) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        }
        catch (NumberFormatException ex) {
            // reported below
        }
        throw badRequest("Invalid " + name + " '" + value + "': expected a whole number " + range);
    }

    private static @Nullable PeerFilter remote(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return PeerFilter.parse(value);
        }
        catch (IllegalArgumentException ex) {
            throw badRequest("Invalid remote '" + value + "' (" + ex.getMessage() + "): expected " + PeerFilter.FORMS);
        }
    }

    private static <T> @Nullable T convert(@Nullable String value, String name, Class<T> type, Function<String, T> parser) {
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value);
        }
        catch (IllegalArgumentException ex) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, ContextProblems.invalid(name, value, type), null);
        }
    }

    private static <E extends Enum<E>> Function<String, E> enumOf(Class<E> type) {
        return (text) -> Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
    }

    private static ErrorResponseException badRequest(String detail) {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, ContextProblems.badRequest(detail), null);
    }
}
