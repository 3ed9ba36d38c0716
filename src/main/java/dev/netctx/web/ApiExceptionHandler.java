package dev.netctx.web;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.netctx.context.ContextNotClosableException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the web layer as an RFC 9457 problem detail ({@code application/problem+json}),
 * with a detail that says what was wrong: a malformed parameter names the parameter and the values
 * it accepts, never a stack trace.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail listenerNotClosable(ContextNotClosableException ex) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
                : ex.getPropertyName();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                "Invalid " + name + " '" + ex.getValue() + "': expected " + expected(ex.getRequiredType()));
        return handleExceptionInternal(ex, problem, headers, status, request);
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
