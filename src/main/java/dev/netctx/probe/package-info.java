/**
 * The guarded probe ({@code POST /api/probe}): verified echoes sent from this replica to an allowed
 * target through the {@code net} API, each try's outcome, round trip and local address reported.
 * Off unless {@code netctx.probe.allowed-targets} lists targets; every resolved address is checked
 * against them before it is dialled, so a host name cannot lead a probe elsewhere.
 */
@NullMarked
package dev.netctx.probe;

import org.jspecify.annotations.NullMarked;
