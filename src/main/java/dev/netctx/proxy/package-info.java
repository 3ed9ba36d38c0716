/**
 * The PROXY protocol of HAProxy ({@code doc/proxy-protocol.txt}), receiving side: a load balancer
 * in front of a server announces the client it relays, in a v1 (text) or v2 (binary) header before
 * the client's bytes. {@link dev.netctx.proxy.ProxyHeaderReader} takes a header from a stream as the
 * socket delivers it, split across reads or not, and {@link dev.netctx.proxy.ProxyHeaderReader#readDatagram}
 * from the front of one datagram; both validate strictly and within fixed bounds, and give a
 * {@link dev.netctx.proxy.ProxyHeader}.
 *
 * <p>Depends on the JDK (and the JSpecify annotations) only.
 */
@NullMarked
package dev.netctx.proxy;

import org.jspecify.annotations.NullMarked;
