/**
 * The echo service: {@link dev.netctx.echo.NetctxProperties} binds the listeners configured under
 * {@code netctx.listeners.<name>}; {@code EchoListener} binds them when the application starts, runs
 * a thread for each, echoes TCP connections on one {@code EchoLoop} per core and the peers of a UDP
 * listener ({@code UdpEchoSession}s) on that listener's thread, and stops gracefully. A UDP listener answers according to
 * its {@code DatagramPolicy}, so that it cannot serve as a reflector: no reply to privileged source
 * ports, and a reply rate limit per source address ({@code SourceRateLimiter}) outside
 * {@code netctx.trusted-networks}.
 *
 * <p>Depends on {@code dev.netctx.net} and {@code dev.netctx.context}.
 */
@NullMarked
package dev.netctx.echo;

import org.jspecify.annotations.NullMarked;
