package dev.netctx.tls;

import java.util.List;
import java.util.Objects;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import org.jspecify.annotations.Nullable;

/**
 * What {@link TlsContext}s of one kind share: mbed TLS's {@code mbedtls_ssl_config}. Immutable: each
 * {@code mbedtls_ssl_conf_*} counterpart returns a new configuration, so that one may be swapped for
 * another (new certificates) while contexts made from the old one go on. The keys and trust are the
 * {@link SSLContext}'s ({@code mbedtls_ssl_conf_own_cert}, {@code mbedtls_ssl_conf_ca_chain}); a
 * {@code TLS} context gives TLS, a {@code DTLS} one DTLS.
 */
public final class TlsConfig {

    private final SSLContext sslContext;

    private final boolean server;

    private final @Nullable List<String> protocols;

    private final @Nullable List<String> cipherSuites;

    private final TlsAuthMode authMode;

    private final List<String> alpnProtocols;

    private final long readTimeoutMillis;

    private TlsConfig(SSLContext sslContext, boolean server, @Nullable List<String> protocols,
            @Nullable List<String> cipherSuites, TlsAuthMode authMode, List<String> alpnProtocols, long readTimeoutMillis) {
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
        this.server = server;
        this.protocols = (protocols != null) ? List.copyOf(protocols) : null;
        this.cipherSuites = (cipherSuites != null) ? List.copyOf(cipherSuites) : null;
        this.authMode = Objects.requireNonNull(authMode, "authMode");
        this.alpnProtocols = List.copyOf(alpnProtocols);
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** {@code mbedtls_ssl_config_defaults(MBEDTLS_SSL_IS_SERVER, ...)}: a server that asks for no client certificate. */
    public static TlsConfig server(SSLContext sslContext) {
        return new TlsConfig(sslContext, true, null, null, TlsAuthMode.NONE, List.of(), 0);
    }

    /** {@code mbedtls_ssl_config_defaults(MBEDTLS_SSL_IS_CLIENT, ...)}: a client that verifies the server ({@link TlsAuthMode#REQUIRED}). */
    public static TlsConfig client(SSLContext sslContext) {
        return new TlsConfig(sslContext, false, null, null, TlsAuthMode.REQUIRED, List.of(), 0);
    }

    /**
     * {@code mbedtls_ssl_conf_min_version} / {@code _max_version}: the protocol versions to enable by
     * JSSE name ({@code TLSv1.3}, {@code TLSv1.2}, {@code DTLSv1.2}); {@code null} for the JDK's defaults.
     */
    public TlsConfig protocols(@Nullable List<String> protocols) {
        return new TlsConfig(this.sslContext, this.server, protocols, this.cipherSuites, this.authMode,
                this.alpnProtocols, this.readTimeoutMillis);
    }

    /** {@code mbedtls_ssl_conf_ciphersuites}: the suites to enable by IANA/JSSE name; {@code null} for the JDK's defaults. */
    public TlsConfig cipherSuites(@Nullable List<String> cipherSuites) {
        return new TlsConfig(this.sslContext, this.server, this.protocols, cipherSuites, this.authMode,
                this.alpnProtocols, this.readTimeoutMillis);
    }

    /** {@code mbedtls_ssl_conf_authmode}. */
    public TlsConfig authMode(TlsAuthMode authMode) {
        return new TlsConfig(this.sslContext, this.server, this.protocols, this.cipherSuites, authMode,
                this.alpnProtocols, this.readTimeoutMillis);
    }

    /** {@code mbedtls_ssl_conf_alpn_protocols}: offered (client) or accepted (server), in order of preference. */
    public TlsConfig alpnProtocols(List<String> alpnProtocols) {
        return new TlsConfig(this.sslContext, this.server, this.protocols, this.cipherSuites, this.authMode,
                alpnProtocols, this.readTimeoutMillis);
    }

    /**
     * {@code mbedtls_ssl_conf_read_timeout}: reads wait at most this long through the transport's
     * {@link TlsBio#recvTimeout} and then return {@code TIMEOUT}; {@code 0} (the default) uses {@link TlsBio#recv}.
     */
    public TlsConfig readTimeout(long readTimeoutMillis) {
        if (readTimeoutMillis < 0) {
            throw new IllegalArgumentException("a read timeout is 0 (none) or more milliseconds, not " + readTimeoutMillis);
        }
        return new TlsConfig(this.sslContext, this.server, this.protocols, this.cipherSuites, this.authMode,
                this.alpnProtocols, readTimeoutMillis);
    }

    public SSLContext sslContext() {
        return this.sslContext;
    }

    /** {@code MBEDTLS_SSL_IS_SERVER}, or a client. */
    public boolean isServer() {
        return this.server;
    }

    public @Nullable List<String> protocols() {
        return this.protocols;
    }

    public @Nullable List<String> cipherSuites() {
        return this.cipherSuites;
    }

    public TlsAuthMode authMode() {
        return this.authMode;
    }

    public List<String> alpnProtocols() {
        return this.alpnProtocols;
    }

    public long readTimeoutMillis() {
        return this.readTimeoutMillis;
    }

    /**
     * An engine set up with this configuration ({@code mbedtls_ssl_setup}). A client's
     * {@code hostname} ({@code mbedtls_ssl_set_hostname}) is sent as SNI (unless it is an IP
     * address) and, when the mode is {@link TlsAuthMode#REQUIRED}, checked against the server's
     * certificate.
     * @throws IllegalArgumentException for a protocol or cipher suite the JDK does not support
     */
    public SSLEngine createEngine(@Nullable String hostname, int port) {
        SSLEngine engine = (hostname != null) ? this.sslContext.createSSLEngine(hostname, port) : this.sslContext.createSSLEngine();
        engine.setUseClientMode(!this.server);
        SSLParameters parameters = engine.getSSLParameters();
        if (this.protocols != null) {
            parameters.setProtocols(this.protocols.toArray(String[]::new));
        }
        if (this.cipherSuites != null) {
            parameters.setCipherSuites(this.cipherSuites.toArray(String[]::new));
        }
        if (!this.alpnProtocols.isEmpty()) {
            parameters.setApplicationProtocols(this.alpnProtocols.toArray(String[]::new));
        }
        if (this.server) {
            parameters.setNeedClientAuth(this.authMode == TlsAuthMode.REQUIRED);
            if (this.authMode == TlsAuthMode.OPTIONAL) {
                parameters.setWantClientAuth(true);
            }
        }
        else if (hostname != null) {
            if (!isIpAddress(hostname)) {
                parameters.setServerNames(List.of(new SNIHostName(hostname)));
            }
            if (this.authMode == TlsAuthMode.REQUIRED) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    /**
     * Checks that an engine can be set up with this configuration (known protocols and suites, at
     * least one of each left enabled), as {@code mbedtls_ssl_setup} would fail with {@code BAD_CONFIG}.
     * @throws TlsException {@code BAD_CONFIG}, naming what is wrong
     */
    public void check() throws TlsException {
        try {
            SSLEngine engine = createEngine(null, -1);
            if (engine.getEnabledProtocols().length == 0 || engine.getEnabledCipherSuites().length == 0) {
                throw new TlsException(TlsError.BAD_CONFIG, "no protocol or cipher suite is left enabled (protocols "
                        + this.protocols + ", cipher suites " + this.cipherSuites + ")");
            }
        }
        catch (IllegalArgumentException ex) {
            throw new TlsException(TlsError.BAD_CONFIG, ex.getMessage(), ex);
        }
    }

    private static boolean isIpAddress(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }
}
