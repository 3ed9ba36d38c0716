package dev.netctx.echo;

import java.time.Duration;
import java.util.List;

import dev.netctx.net.NetProtocol;
import dev.netctx.tls.TlsAuthMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.Errors;

/**
 * TLS (on a tcp listener) or DTLS (on a udp one), {@code netctx.listeners.<name>.ssl}: off unless
 * {@code bundle} names a Spring Boot SSL bundle.
 * @param bundle Spring Boot SSL bundle (spring.ssl.bundle.pem.NAME or spring.ssl.bundle.jks.NAME)
 * with the listener's key and certificate. Set, the listener speaks TLS 1.3 and 1.2 (tcp) or DTLS 1.2
 * (udp); unset, plain TCP or UDP. The certificates reload without dropping sessions when the bundle
 * has reload-on-update.
 * @param protocols Protocol versions to enable, such as TLSv1.3 or TLSv1.2 (tcp) and DTLSv1.2 (udp).
 * Unset: the bundle's options.enabled-protocols, else TLSv1.3 and TLSv1.2 on tcp and DTLSv1.2 on udp.
 * @param ciphers Cipher suites to enable, by IANA name (TLS_AES_128_GCM_SHA256, ...). Unset: the
 * bundle's options.ciphers, else the JDK's defaults.
 * @param clientAuth Whether clients present a certificate, verified against the bundle's truststore:
 * none, want (asked for, checked if presented) or need (required).
 * @param handshakeTimeout How long a session may take to finish its handshake before it is cut.
 * @param dtls DTLS only (udp listeners): MTU, retransmission timers and HelloVerifyRequest cookies.
 */
public record ListenerSslProperties(@Nullable String bundle, List<String> protocols, List<String> ciphers,
        @DefaultValue("none") ClientAuth clientAuth, @DefaultValue("10s") Duration handshakeTimeout,
        @DefaultValue DtlsProperties dtls) {

    public ListenerSslProperties {
        protocols = (protocols != null) ? List.copyOf(protocols) : List.of();
        ciphers = (ciphers != null) ? List.copyOf(ciphers) : List.of();
    }

    /** Whether TLS or DTLS is on: a bundle is named. */
    public boolean enabled() {
        return this.bundle != null;
    }

    /** Checks the values that need no bundle to judge; {@code prefix} is {@code listeners.<name>.ssl.}. */
    static void validate(NetProtocol protocol, ListenerSslProperties ssl, String prefix, Errors errors) {
        if (ssl.bundle() != null && ssl.bundle().isBlank()) {
            errors.rejectValue(prefix + "bundle", "required", "must name an SSL bundle (spring.ssl.bundle.pem.<name>...), or be left out");
        }
        if (ssl.handshakeTimeout().isNegative() || ssl.handshakeTimeout().isZero()) {
            errors.rejectValue(prefix + "handshake-timeout", "range", "must be more than 0, such as 10s");
        }
        DtlsProperties.validate(ssl.dtls(), prefix + "dtls.", errors);
        String family = (protocol == NetProtocol.UDP) ? "DTLSv" : "TLSv";
        for (int i = 0; i < ssl.protocols().size(); i++) {
            String name = ssl.protocols().get(i);
            if (protocol != null && (name == null || !name.startsWith(family))) {
                errors.rejectValue(prefix + "protocols[" + i + "]", "protocol", "must be a " + family
                        + "x version on a " + protocol.id() + " listener, such as "
                        + ((protocol == NetProtocol.UDP) ? "DTLSv1.2" : "TLSv1.3 or TLSv1.2"));
            }
        }
    }

    /** Whether clients present a certificate ({@code mbedtls_ssl_conf_authmode} on a server). */
    public enum ClientAuth {

        /** No client certificate is asked for. */
        NONE(TlsAuthMode.NONE),

        /** Asked for, and verified if the client presents one. */
        WANT(TlsAuthMode.OPTIONAL),

        /** Required and verified. */
        NEED(TlsAuthMode.REQUIRED);

        private final TlsAuthMode mode;

        ClientAuth(TlsAuthMode mode) {
            this.mode = mode;
        }

        TlsAuthMode mode() {
            return this.mode;
        }
    }
}
