package dev.netctx.net;

/** What {@link NetContext#poll} waits for: {@code MBEDTLS_NET_POLL_READ} / {@code MBEDTLS_NET_POLL_WRITE}. */
public enum PollEvent {

    /** Data can be read (or, on a listening context, a connection or datagram can be accepted). */
    READ,
    /** Data can be written. */
    WRITE
}
