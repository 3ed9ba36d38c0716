/**
 * The echo client shipped in the netctx jar ({@code java -jar netctx.jar client tcp|udp}): the
 * interactive client of the original, scriptable for operators, built on the
 * {@link dev.netctx.net.NetContext} API. Start with {@link dev.netctx.client.EchoClientCommand}.
 */
@NullMarked
package dev.netctx.client;

import org.jspecify.annotations.NullMarked;
