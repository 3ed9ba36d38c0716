package dev.netctx.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page ({@code /error}) as an RFC 9457 problem detail, in place of Boot's JSON or HTML
 * page: what the servlet container and the security firewall reject before any controller runs
 * (a URL with {@code ..;} or an encoded {@code .}, an unknown method such as {@code TRACE}) is
 * answered in the same format as the API's own errors, and never with a stack trace. Asked for
 * directly ({@code GET /error}), it is a {@code 404}.
 */
@RestController
@RequestMapping("${spring.web.error.path:/error}")
class ProblemErrorController implements ErrorController {

    /** The detail of a {@code 400} that the container or the firewall answered. */
    static final String REJECTED = "The request was rejected: its URL, method or parameters are malformed or not allowed";

    @RequestMapping
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            // asked for directly, not forwarded by the container: there is nothing at /error
            return problem(HttpStatus.NOT_FOUND);
        }
        HttpStatus status = (code instanceof Integer value && HttpStatus.resolve(value) != null) ? HttpStatus.valueOf(value)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        return problem(status);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(status));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String detail(HttpStatus status) {
        if (status == HttpStatus.BAD_REQUEST) {
            return REJECTED;
        }
        if (status.is5xxServerError()) {
            return "The server failed to answer the request; its log says why";
        }
        return status.getReasonPhrase();
    }
}
