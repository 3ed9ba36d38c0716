package dev.netctx.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.netctx.api.ProblemResponseWriter;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * What the firewall refuses (a host that is not allowed, an encoded {@code /} or {@code .}, a
 * {@code ;} in the URL, an unknown method) answered at once with a {@code 400} problem detail and
 * one debug line: not through the error page, which the firewall would refuse again for the same
 * host.
 */
final class RejectedRequests implements RequestRejectedHandler {

    private static final Log logger = LogFactory.getLog(RejectedRequests.class);

    static final String DETAIL = "The request was rejected: its host, URL, method or parameters are malformed or not allowed";

    private final ProblemResponseWriter writer;

    RejectedRequests(JsonMapper jsonMapper) {
        this.writer = new ProblemResponseWriter(jsonMapper);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException ex)
            throws IOException {
        logger.debug("Rejected a request: " + ex.getMessage());
        if (response.isCommitted()) {
            return;
        }
        this.writer.write(response, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, DETAIL));
    }
}
