/**
 * Who may do what over HTTP: reads are open to all; closing a context (REST and actuator
 * {@code DELETE}) needs the credentials configured under {@code netctx.security} (HTTP Basic and/or
 * a bearer token) and is refused with {@code 403} while none are. The same credentials on
 * {@code GET /actuator/health} show its details. Failures are RFC 9457 problem
 * details. Stateless: no session, no CSRF token.
 *
 * <p>Depends on no other netctx package.
 */
package dev.netctx.security;
