/**
 * A Java port of mbed TLS's TCP/IP module ({@code library/net_sockets.c}): a context-based
 * BSD-sockets layer for TCP and UDP, with mbed TLS's semantics and error codes.
 *
 * <p>Depends on the JDK only, so that it can be used as a plain library. Start with
 * {@link dev.netctx.net.NetContext}.
 */
@NullMarked
package dev.netctx.net;

import org.jspecify.annotations.NullMarked;
