/**
 * Tracking of every open {@link dev.netctx.net.NetContext}: {@link dev.netctx.context.NetContextFactory}
 * creates contexts and wraps them as {@link dev.netctx.context.TrackedContext}s, which count the bytes
 * they move; {@link dev.netctx.context.ContextRegistry} lists them and keeps per-listener statistics
 * ({@link dev.netctx.context.ListenerStats}). The registry is the single source of truth for whatever
 * reports on contexts (REST, actuator, metrics).
 *
 * <p>Depends on {@code dev.netctx.net} only.
 */
package dev.netctx.context;
