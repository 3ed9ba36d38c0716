package dev.netctx.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request that carries {@code Authorization: Bearer <token>} with the configured
 * {@code netctx.security.token} (compared in constant time); a wrong token is answered at once by
 * the entry point ({@code 401}). Requests without a bearer token pass through untouched.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final byte[] token;

    private final AuthenticationEntryPoint entryPoint;

    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    BearerTokenFilter(String token, AuthenticationEntryPoint entryPoint) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] presented = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, this.token)) {
            this.contexts.clearContext();
            this.entryPoint.commence(request, response, new BadCredentialsException("invalid bearer token"));
            return;
        }
        SecurityContext context = this.contexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("token", null,
                AuthorityUtils.createAuthorityList("ROLE_" + SecurityConfiguration.OPERATOR_ROLE)));
        this.contexts.setContext(context);
        chain.doFilter(request, response);
    }
}
