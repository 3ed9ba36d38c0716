package dev.netctx.tls;

/**
 * Whether a peer's certificate is asked for and verified: mbed TLS's {@code MBEDTLS_SSL_VERIFY_*}
 * for {@code mbedtls_ssl_conf_authmode}. On a server it is client authentication (JSSE's
 * {@code setWantClientAuth} / {@code setNeedClientAuth}); on a client {@link #NONE} needs an
 * {@code SSLContext} that trusts every server ({@link TlsTrust#insecure()}).
 */
public enum TlsAuthMode {

    /** {@code MBEDTLS_SSL_VERIFY_NONE}: the peer's certificate is not asked for (server) or not checked (client). */
    NONE,
    /** {@code MBEDTLS_SSL_VERIFY_OPTIONAL}: asked for and verified if presented (server: client-auth want). */
    OPTIONAL,
    /** {@code MBEDTLS_SSL_VERIFY_REQUIRED}: required and verified (server: client-auth need; the client default). */
    REQUIRED
}
