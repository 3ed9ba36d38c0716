package dev.netctx.web;

import dev.netctx.context.ContextNotClosableException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
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
        return ContextProblems.notClosable(ex);
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
