/**
 * TLS and DTLS over a {@link dev.netctx.net.NetContext}, with mbed TLS's {@code ssl} shape, on the
 * JDK's JSSE. JDK only.
 */
@NullMarked
package dev.netctx.tls;

import org.jspecify.annotations.NullMarked;
