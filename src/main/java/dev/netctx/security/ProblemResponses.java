package dev.netctx.security;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import dev.netctx.api.ProblemResponseWriter;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Answers, with an RFC 9457 problem detail, a request to close a context (or, with
 * {@code read-access: authenticated}, any request) that lacks credentials and any request whose
 * credentials are not accepted: {@code 401} with the accepted challenges when credentials are
 * configured, its detail saying which of the two happened (and, for a request that closes, what
 * closing needs); {@code 403} saying how to configure credentials when none are. A script's request ({@code X-Requested-With: XMLHttpRequest}, as the live page sends)
 * gets no {@code WWW-Authenticate} header, so that the browser does not open its own login dialog
 * over the page's.
 */
final class ProblemResponses implements AuthenticationEntryPoint {

    private final NetctxSecurityProperties properties;

    private final ProblemResponseWriter writer;

    private final RequestMatcher closing;

    /**
     * @param closing the requests that close a context (the ones that need credentials)
     */
    ProblemResponses(NetctxSecurityProperties properties, JsonMapper jsonMapper, RequestMatcher closing) {
        this.properties = properties;
        this.writer = new ProblemResponseWriter(jsonMapper);
        this.closing = closing;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        if (!this.properties.closingEnabled()) {
            write(request, response, HttpStatus.FORBIDDEN, this.closing.matches(request)
                    ? NetctxSecurityProperties.HOW_TO_ENABLE : NetctxSecurityProperties.HOW_TO_READ);
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
        write(request, response, HttpStatus.UNAUTHORIZED, unauthorized(request, ex));
    }

    /**
     * The detail of a {@code 401}. A request that closes, or any request while reads need
     * credentials, is refused for sending none (Spring Security's
     * {@link InsufficientAuthenticationException}); any other failure means that the credentials
     * sent were not accepted, on a read as on a request that closes.
     */
    private String unauthorized(HttpServletRequest request, AuthenticationException ex) {
        String schemes = String.join(" or ", this.properties.schemes());
        if (ex instanceof InsufficientAuthenticationException) {
            return this.closing.matches(request) ? "Closing a context needs credentials (" + schemes + "): " + ex.getMessage()
                    : "Reading needs credentials (" + schemes + "): netctx.security.read-access is authenticated";
        }
        String rejected = "The credentials sent were not accepted: " + ex.getMessage();
        if (this.closing.matches(request)) {
            return rejected + ". Closing a context needs the configured credentials (" + schemes + ")";
        }
        return rejected;
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        try {
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        catch (IllegalArgumentException ex) {
            // a path that is not a valid URI reference: the problem goes without its instance
        }
        this.writer.write(response, problem);
    }
}
