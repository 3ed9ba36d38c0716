/**
 * The soak test, {@code java -jar netctx.jar soak}: hundreds of loopback clients against a running
 * netctx for a bounded time, most echoing random data with full verification, a share misbehaving
 * (resets, half-closes, slow consumers, idle connections, connections beyond {@code max-connections},
 * a UDP flood), then a check that every context was closed and the server's memory came back.
 *
 * <p>Plain JDK sockets, independent of the code under test; of netctx it uses only
 * {@code dev.netctx.footprint.ProcessStatus}, to read the server's memory.
 */
@NullMarked
package dev.netctx.soak;

import org.jspecify.annotations.NullMarked;
