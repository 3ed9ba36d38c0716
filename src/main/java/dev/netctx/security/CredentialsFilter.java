package dev.netctx.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Basic ...} and {@code Authorization: Bearer ...} with the
 * {@link ConfiguredCredentials} (no password encoder per request), with role
 * {@value SecurityConfiguration#OPERATOR_ROLE}. Credentials that are not accepted are answered at
 * once by the entry point ({@code 401}) and counted; a request without credentials, or with a
 * scheme that is not configured, passes through unauthenticated.
 */
final class CredentialsFilter extends OncePerRequestFilter {

    private static final String BASIC = "Basic ";

    private static final String BEARER = "Bearer ";

    private final NetctxSecurityProperties properties;

    private final ConfiguredCredentials credentials;

    private final AuthenticationFailures failures;

    private final AuthenticationEntryPoint entryPoint;

    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    CredentialsFilter(NetctxSecurityProperties properties, ConfiguredCredentials credentials,
            AuthenticationFailures failures, AuthenticationEntryPoint entryPoint) {
        this.properties = properties;
        this.credentials = credentials;
        this.failures = failures;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && this.properties.basicEnabled() && startsWith(header, BASIC)) {
            if (!basicMatches(header.substring(BASIC.length()).trim())) {
                refuse(request, response, "basic", new BadCredentialsException("Bad credentials"));
                return;
            }
            authenticate(this.properties.username());
        }
        else if (header != null && this.properties.tokenEnabled() && startsWith(header, BEARER)) {
            if (!this.credentials.tokenMatches(header.substring(BEARER.length()).trim())) {
                refuse(request, response, "bearer", new BadCredentialsException("invalid bearer token"));
                return;
            }
            authenticate("token");
        }
        chain.doFilter(request, response);
    }

    private boolean basicMatches(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon >= 0 && this.credentials.basicMatches(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private void authenticate(String principal) {
        SecurityContext context = this.contexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null,
                AuthorityUtils.createAuthorityList("ROLE_" + SecurityConfiguration.OPERATOR_ROLE)));
        this.contexts.setContext(context);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String scheme,
            AuthenticationException ex) throws IOException, ServletException {
        this.contexts.clearContext();
        this.failures.failed(scheme);
        this.entryPoint.commence(request, response, ex);
    }

    private static boolean startsWith(String header, String prefix) {
        return header.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
