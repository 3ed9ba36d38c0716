/**
 * What every command of the jar shares: the standard streams it runs on and the converters that read
 * times and sizes the way Spring Boot reads them in properties ({@code 500ms}, {@code 5s},
 * {@code PT1M}; {@code 512B}, {@code 64KB}, {@code 1MB}). The command tree itself is
 * {@code dev.netctx.NetctxCommand}.
 */
@NullMarked
package dev.netctx.cli;

import org.jspecify.annotations.NullMarked;
