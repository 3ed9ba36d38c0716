/**
 * Who may do what over HTTP: reads are open to all, or with {@code read-access: authenticated} to
 * the configured credentials only (the health status stays open to the probes); closing a context
 * (REST and actuator {@code DELETE}) needs the credentials configured under {@code netctx.security}
 * (HTTP Basic and/or a bearer token) and is refused with {@code 403} while none are. The same
 * credentials on {@code GET /actuator/health} show its details. Refusing costs no password encoder
 * and tells nothing about which part was wrong; failures are counted ({@code netctx.auth.failures})
 * and logged once a minute at most. Only the allowed host names are answered (DNS rebinding); every
 * answer has a Content-Security-Policy and a Referrer-Policy. Failures are RFC 9457 problem details.
 * Stateless: no session, no CSRF token.
 *
 * <p>Depends on no other netctx package.
 */
@NullMarked
package dev.netctx.security;

import org.jspecify.annotations.NullMarked;
