/**
 * The port's TLS layer: mbed TLS's {@code ssl} module ({@code mbedtls_ssl_context},
 * {@code mbedtls_ssl_config}) over a {@link dev.netctx.net.NetContext} or any other transport, built
 * on the JDK's {@link javax.net.ssl.SSLEngine}. Same shape and return conventions as mbed TLS:
 * {@link dev.netctx.tls.TlsContext#handshake()}, {@code read}, {@code write} and
 * {@code closeNotify()} return {@code WANT_READ} / {@code WANT_WRITE} / {@code TIMEOUT} as values,
 * and failures carry mbed TLS's SSL error codes ({@link dev.netctx.tls.TlsError}).
 *
 * <p>DTLS 1.2 over a datagram transport is {@link dev.netctx.tls.DtlsContext}, with the stateless
 * HelloVerifyRequest of {@link dev.netctx.tls.DtlsHelloVerifier} in front of a server's.
 *
 * <p>Depends on the JDK, {@code dev.netctx.net} and the jspecify annotations only, so that it can be
 * used as a plain library. Start with {@link dev.netctx.tls.TlsContext}.
 */
@NullMarked
package dev.netctx.tls;

import org.jspecify.annotations.NullMarked;
