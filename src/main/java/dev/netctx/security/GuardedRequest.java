package dev.netctx.security;

import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Requests that need the configured credentials whatever {@code read-access} says, and how a refusal
 * names them.
 * @param matcher the requests
 * @param action what they do, as a refusal's detail starts: {@code Closing a context}, {@code Probing}
 * @param disabled the detail of a refusal while no credentials are configured
 */
record GuardedRequest(RequestMatcher matcher, String action, String disabled) {
}
