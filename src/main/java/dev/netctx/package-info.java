/**
 * The netctx application: its Spring Boot entry point and its command line ({@code server}, the
 * default, and the {@code client}, {@code bench}, {@code soak} and {@code slow-http} tools).
 */
@NullMarked
package dev.netctx;

import org.jspecify.annotations.NullMarked;
