package dev.netctx.web;

import dev.netctx.api.ContextProblems;
import dev.netctx.context.ContextNotClosableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.http.InvalidParameterException;

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

    private static final Log logger = LogFactory.getLog(ApiExceptionHandler.class);

    /** The detail of a query string that Tomcat cannot decode. */
    static final String MALFORMED_QUERY = "The query string is malformed: its parameters must be percent-encoded UTF-8";

    @ExceptionHandler
    ProblemDetail listenerNotClosable(ContextNotClosableException ex) {
        return ContextProblems.notClosable(ex);
    }

    /**
     * A query string that Tomcat cannot decode (invalid percent-encoding or UTF-8): a client's
     * mistake, worth one debug line, not the container's ERROR with a stack trace.
     */
    @ExceptionHandler
    ProblemDetail malformedQuery(InvalidParameterException ex) {
        logger.debug("Malformed query string: " + ex.getMessage());
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, MALFORMED_QUERY);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
                : ex.getPropertyName();
        return handleExceptionInternal(ex, ContextProblems.invalid(name, ex.getValue(), ex.getRequiredType()), headers,
                status, request);
    }
}
