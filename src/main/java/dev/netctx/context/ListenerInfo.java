package dev.netctx.context;

import java.util.Map;

import dev.netctx.impair.ImpairmentInfo;
import dev.netctx.net.NetProtocol;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one listener's {@link ListenerStats}.
 * @param name the listener's name ({@code netctx.listeners.<name>})
 * @param protocol its transport
 * @param local the address it is bound to, as {@code host:port}, or {@code null} if it never bound
 * @param accepting whether it is bound and accepting now
 * @param openSessions sessions open now
 * @param accepted sessions accepted since start
 * @param refused connections or peers turned away, by {@linkplain RefusalReason#tag() reason}
 * @param bytesReceived bytes received by its sessions
 * @param bytesSent bytes sent by its sessions
 * @param errors failures by {@code NetError} name (only those that occurred)
 * @param dropped datagrams received and not echoed, by {@linkplain DropReason#tag() reason} (only those that occurred)
 * @param cut sessions the service ended to protect the others, by {@linkplain CutReason#tag() reason} (only those that occurred)
 * @param rateIn bytes per second its sessions received over the last few seconds
 * @param rateOut bytes per second its sessions sent over the last few seconds
 * @param impairment the faults it injects now ({@code netctx.listeners.<name>.impairment}) and what they did
 * @param mode what it answers: {@code echo} or {@code info} ({@code netctx.listeners.<name>.mode})
 * @param proxyProtocol whether its peers send a PROXY protocol header: {@code off}, {@code optional} or
 * {@code required} ({@code netctx.listeners.<name>.proxy-protocol})
 * @param tls its TLS (tcp) or DTLS (udp) bundle, protocols and client authentication
 * ({@code netctx.listeners.<name>.ssl}), or {@code null} for a plain listener
 */
public record ListenerInfo(String name, NetProtocol protocol, String local, boolean accepting, int openSessions,
        long accepted, Map<String, Long> refused, long bytesReceived, long bytesSent, Map<String, Long> errors,
        Map<String, Long> dropped, Map<String, Long> cut, long rateIn, long rateOut,
        ImpairmentInfo impairment, String mode, String proxyProtocol, ListenerSettings.@Nullable Tls tls) {
}
