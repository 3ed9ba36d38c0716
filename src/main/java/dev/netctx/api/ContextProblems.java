package dev.netctx.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.netctx.context.ContextNotClosableException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The RFC 9457 problem details of requests about contexts, one place for {@code /api/contexts} and
 * the {@code netcontexts} actuator endpoint: the same case gets the same status, title and detail
 * from both. Spring MVC fills in {@code instance} (the request's path) when it writes them.
 */
public final class ContextProblems {

    private ContextProblems() {
    }

    /** {@code 404}: no open context has the id. */
    public static ProblemDetail notFound(long id) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No open context has id " + id);
    }

    /** {@code 409}: the context is a listener's, which is never closed on request. */
    public static ProblemDetail notClosable(ContextNotClosableException ex) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
    }

    /**
     * {@code 400}: a path variable or parameter that does not convert to its type, naming the values
     * that it accepts.
     * @param name the parameter's name
     * @param value the value given
     * @param type the type it should convert to, if known
     */
    public static ProblemDetail invalid(String name, Object value, Class<?> type) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Invalid " + name + " '" + value + "': expected " + expected(type));
    }

    /** {@code 400} with a detail of its own. */
    public static ProblemDetail badRequest(String detail) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    }

    private static String expected(Class<?> type) {
        if (type != null && type.isEnum()) {
            return Arrays.stream(type.getEnumConstants())
                .map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" or ", "", " (any case)"));
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return "a whole number";
        }
        return (type != null) ? "a " + type.getSimpleName() : "another value";
    }
}
