/**
 * Tracking of every open {@link dev.netctx.net.NetContext}: {@link dev.netctx.context.NetContextFactory}
 * creates contexts and wraps them as {@link dev.netctx.context.TrackedContext}s, which count the bytes
 * they move; {@link dev.netctx.context.ContextRegistry} lists them and keeps per-listener statistics
 * ({@link dev.netctx.context.ListenerStats}). The registry is the single source of truth for whatever
 * reports on contexts (REST, actuator, metrics): it answers pages of a
 * {@link dev.netctx.context.ContextQuery} (filtered, sorted, without copying itself), and a sampler
 * reads every counter once a second for the rates and the listeners' five-minute throughput history,
 * off the data path.
 *
 * <p>Depends on {@code dev.netctx.net} only.
 */
@NullMarked
package dev.netctx.context;

import org.jspecify.annotations.NullMarked;
