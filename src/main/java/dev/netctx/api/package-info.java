/**
 * What the REST API ({@code web}) and the actuator endpoint ({@code actuate}) share, so that neither
 * imports the other: the query parameters of a listing of contexts, parsed into a
 * {@link dev.netctx.context.ContextQuery}, and the RFC 9457 problem details of the errors about
 * contexts, and the one writer of problem details for the places outside Spring MVC
 * ({@link dev.netctx.api.ProblemResponseWriter}).
 */
@NullMarked
package dev.netctx.api;

import org.jspecify.annotations.NullMarked;
