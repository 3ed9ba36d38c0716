package dev.netctx.context;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How a listener is configured, as the REST API and the live page show it beside its statistics.
 * @param mode what it answers: {@code echo} (every byte back) or {@code info} (one JSON line)
 * ({@code netctx.listeners.<name>.mode})
 * @param proxyProtocol whether its peers start with a PROXY protocol header: {@code off}, {@code optional}
 * or {@code required} ({@code netctx.listeners.<name>.proxy-protocol})
 * @param tls its TLS (tcp) or DTLS (udp) configuration, or {@code null} for a plain listener
 */
public record ListenerSettings(String mode, String proxyProtocol, @Nullable Tls tls) {

    /** A plain echo listener without PROXY protocol headers, the defaults. */
    public static final ListenerSettings PLAIN_ECHO = new ListenerSettings("echo", "off", null);

    /**
     * A listener's TLS or DTLS configuration ({@code netctx.listeners.<name>.ssl}).
     * @param bundle the Spring Boot SSL bundle that holds its key and certificate
     * @param protocols the protocol versions its sessions may negotiate, such as {@code TLSv1.3}
     * @param clientAuth whether clients present a certificate: {@code none}, {@code want} or {@code need}
     */
    public record Tls(String bundle, List<String> protocols, String clientAuth) {

        public Tls {
            protocols = List.copyOf(protocols);
        }
    }
}
