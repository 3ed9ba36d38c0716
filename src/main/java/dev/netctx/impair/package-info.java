/**
 * Faults on L4, per listener and off by default: the {@link dev.netctx.impair.Impairment} a listener
 * applies now (from {@code netctx.listeners.<name>.impairment}, changeable at run time), and what it
 * counted ({@link dev.netctx.impair.ListenerImpairment}). The echo service applies it; the REST API
 * and the metrics read and change it without reaching the echo service.
 */
@NullMarked
package dev.netctx.impair;

import org.jspecify.annotations.NullMarked;
