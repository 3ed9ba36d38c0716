/**
 * netctx in Spring Boot's actuator: the {@code netcontexts} endpoint (the open contexts, one by id,
 * closing one), the health of every configured listener, and Micrometer meters read from the
 * listeners' statistics when scraped (nothing is added to the echo path).
 *
 * <p>Depends on {@code dev.netctx.context}, {@code dev.netctx.echo} (the configured listeners),
 * {@code dev.netctx.net} and {@code dev.netctx.web} (the problem details that the REST API answers).
 */
@NullMarked
package dev.netctx.actuate;

import org.jspecify.annotations.NullMarked;
