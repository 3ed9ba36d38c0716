/**
 * Live contexts over HTTP: the REST API ({@code /api/contexts}, {@code /api/listeners},
 * {@code /api/access}), its RFC 9457 problem details ({@link dev.netctx.api.ContextProblems},
 * shared with the {@code netcontexts} actuator endpoint; also for {@code /error} and for what Tomcat
 * rejects before the application runs), and the live page at {@code /} (static
 * resources: plain HTML, CSS and a script polling the API).
 *
 * <p>Depends on {@code dev.netctx.api}, {@code dev.netctx.context}, {@code dev.netctx.net} (the protocol) and
 * {@code dev.netctx.security} (whether closing is enabled).
 */
@NullMarked
package dev.netctx.web;

import org.jspecify.annotations.NullMarked;
