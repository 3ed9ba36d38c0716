package dev.netctx.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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

    private final JsonMapper jsonMapper;

    RejectedRequests(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException ex)
            throws IOException {
        logger.debug("Rejected a request: " + ex.getMessage());
        if (response.isCommitted()) {
            return;
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", HttpStatus.BAD_REQUEST.getReasonPhrase());
        problem.put("status", HttpStatus.BAD_REQUEST.value());
        problem.put("detail", DETAIL);
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        this.jsonMapper.writeValue(response.getOutputStream(), problem);
    }
}
