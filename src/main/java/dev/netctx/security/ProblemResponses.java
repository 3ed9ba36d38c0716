package dev.netctx.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a request to close a context that lacks credentials with an RFC 9457 problem detail:
 * {@code 401} with the accepted challenges when credentials are configured, {@code 403} saying how
 * to enable closing when none are. A script's request ({@code X-Requested-With: XMLHttpRequest},
 * as the live page sends) gets no {@code WWW-Authenticate} header, so that the browser does not
 * open its own login dialog over the page's.
 */
final class ProblemResponses implements AuthenticationEntryPoint {

    private final NetctxSecurityProperties properties;

    private final JsonMapper jsonMapper;

    ProblemResponses(NetctxSecurityProperties properties, JsonMapper jsonMapper) {
        this.properties = properties;
        this.jsonMapper = jsonMapper;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        if (!this.properties.closingEnabled()) {
            write(request, response, HttpStatus.FORBIDDEN, NetctxSecurityProperties.HOW_TO_ENABLE);
            return;
        }
        if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
            if (this.properties.basicEnabled()) {
                response.addHeader("WWW-Authenticate", "Basic realm=\"netctx\"");
            }
            if (this.properties.tokenEnabled()) {
                response.addHeader("WWW-Authenticate", "Bearer realm=\"netctx\"");
            }
        }
        write(request, response, HttpStatus.UNAUTHORIZED, "Closing a context needs credentials ("
                + String.join(" or ", this.properties.schemes()) + "): " + ex.getMessage());
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        this.jsonMapper.writeValue(response.getOutputStream(), problem);
    }
}
