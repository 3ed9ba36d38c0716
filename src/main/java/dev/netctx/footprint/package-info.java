/**
 * The process's memory footprint: {@code StartupMemoryRelease} hands the memory that start-up used
 * and no longer needs back to the operating system before the listeners open their ports
 * ({@code netctx.memory.release-after-startup}, on by default).
 *
 * <p>Depends on nothing else of netctx.
 */
@NullMarked
package dev.netctx.footprint;

import org.jspecify.annotations.NullMarked;
