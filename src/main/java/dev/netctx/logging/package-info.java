/**
 * Logging that an event thousands of times a second cannot flood: {@code RateLimitedLog} writes a
 * warning at most once an interval and counts the rest.
 *
 * <p>Uses the JDK and Commons Logging only.
 */
@NullMarked
package dev.netctx.logging;

import org.jspecify.annotations.NullMarked;
