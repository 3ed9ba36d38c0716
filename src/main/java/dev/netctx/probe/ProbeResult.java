package dev.netctx.probe;

import org.jspecify.annotations.Nullable;

/**
 * One try of a probe.
 * @param outcome how it ended, {@code ok|refused|timeout|reset|mismatch|error}
 * @param rttMillis the round trip of the echo, from the first byte sent to the last byte back, in
 * milliseconds; {@code null} unless the echo came back
 * @param connectMillis TCP: how long the connection took; {@code null} for UDP or when it failed
 * @param local the local address the try used ({@code address:port}), {@code null} if it got none
 * @param remote the address dialled
 * @param detail what went wrong, {@code null} for {@code ok}
 */
public record ProbeResult(String outcome, @Nullable Double rttMillis, @Nullable Double connectMillis,
        @Nullable String local, String remote, @Nullable String detail) {
}
