/**
 * The Tomcat connectors of the HTTP side, the traffic's ({@code server.port}) and the management's
 * ({@code management.server.port}), bounded whatever clients do: a deadline for a complete request
 * header ({@code netctx.http.request-header-timeout}) on top of Boot's {@code server.tomcat.*}
 * limits (connections, time to the first byte, keep-alive).
 *
 * <p>Depends on no other netctx package.
 */
@NullMarked
package dev.netctx.tomcat;

import org.jspecify.annotations.NullMarked;
