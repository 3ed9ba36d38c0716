package dev.netctx.tls;

import java.util.Locale;

import dev.netctx.net.MbedError;
import org.jspecify.annotations.Nullable;

/**
 * The error codes of mbed TLS's {@code ssl} module ({@code MBEDTLS_ERR_SSL_*}, at the exact values of
 * mbed TLS 2.28's {@code include/mbedtls/ssl.h}) that a {@link TlsContext} returns or throws, plus
 * {@code MBEDTLS_ERR_X509_CERT_VERIFY_FAILED}, which {@code mbedtls_ssl_handshake} returns when the
 * peer's certificate does not verify. {@link #WANT_READ}, {@link #WANT_WRITE} and {@link #TIMEOUT}
 * have the values of {@link dev.netctx.net.NetError}'s constants of the same name: a caller compares
 * return values with either.
 */
public enum TlsError implements MbedError {

    /** {@code MBEDTLS_ERR_SSL_FEATURE_UNAVAILABLE}: the requested feature is not available. */
    FEATURE_UNAVAILABLE(-0x7080),
    /** {@code MBEDTLS_ERR_SSL_BAD_INPUT_DATA}: bad input parameters to function. */
    BAD_INPUT_DATA(-0x7100),
    /** {@code MBEDTLS_ERR_SSL_INVALID_MAC}: verification of the message MAC failed. */
    INVALID_MAC(-0x7180),
    /** {@code MBEDTLS_ERR_SSL_INVALID_RECORD}: an invalid SSL record was received (plain text on a TLS port, say). */
    INVALID_RECORD(-0x7200),
    /** {@code MBEDTLS_ERR_SSL_CONN_EOF}: the connection indicated an EOF. */
    CONN_EOF(-0x7280),
    /** {@code MBEDTLS_ERR_SSL_NO_CIPHER_CHOSEN}: the server has no ciphersuites in common with the client. */
    NO_CIPHER_CHOSEN(-0x7380),
    /** {@code MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE}: no client certification received from the client, but required by the authentication mode. */
    NO_CLIENT_CERTIFICATE(-0x7480),
    /** {@code MBEDTLS_ERR_SSL_UNEXPECTED_MESSAGE}: an unexpected message was received from our peer. */
    UNEXPECTED_MESSAGE(-0x7700),
    /** {@code MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE}: a fatal alert message was received from our peer. */
    FATAL_ALERT_MESSAGE(-0x7780),
    /** {@code MBEDTLS_ERR_SSL_PEER_VERIFY_FAILED}: verification of our peer failed. */
    PEER_VERIFY_FAILED(-0x7800),
    /** {@code MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY}: the peer notified us that the connection is going to be closed. */
    PEER_CLOSE_NOTIFY(-0x7880),
    /** {@code MBEDTLS_ERR_SSL_BAD_HS_CLIENT_HELLO}: processing of the ClientHello handshake message failed. */
    BAD_HS_CLIENT_HELLO(-0x7900),
    /** {@code MBEDTLS_ERR_SSL_BAD_HS_SERVER_HELLO}: processing of the ServerHello handshake message failed. */
    BAD_HS_SERVER_HELLO(-0x7980),
    /** {@code MBEDTLS_ERR_SSL_BAD_HS_CERTIFICATE}: processing of the Certificate handshake message failed. */
    BAD_HS_CERTIFICATE(-0x7A00),
    /** {@code MBEDTLS_ERR_SSL_BAD_HS_FINISHED}: processing of the Finished handshake message failed. */
    BAD_HS_FINISHED(-0x7E80),
    /** {@code MBEDTLS_ERR_SSL_BAD_HS_PROTOCOL_VERSION}: handshake protocol not within min/max boundaries. */
    BAD_HS_PROTOCOL_VERSION(-0x6E80),
    /** {@code MBEDTLS_ERR_SSL_INTERNAL_ERROR}: internal error (eg, unexpected failure in lower-level module). */
    INTERNAL_ERROR(-0x6C00),
    /** {@code MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED}: DTLS client must retry for hello verification. */
    HELLO_VERIFY_REQUIRED(-0x6A80),
    /** {@code MBEDTLS_ERR_SSL_BUFFER_TOO_SMALL}: a buffer is too small to receive or write a message. */
    BUFFER_TOO_SMALL(-0x6A00),
    /** {@code MBEDTLS_ERR_SSL_NO_USABLE_CIPHERSUITE}: none of the common ciphersuites is usable (eg, no suitable certificate). */
    NO_USABLE_CIPHERSUITE(-0x6980),
    /** {@code MBEDTLS_ERR_SSL_WANT_READ}: no data of requested type currently available on underlying transport. */
    WANT_READ(-0x6900),
    /** {@code MBEDTLS_ERR_SSL_WANT_WRITE}: connection requires a write call. */
    WANT_WRITE(-0x6880),
    /** {@code MBEDTLS_ERR_SSL_TIMEOUT}: the operation timed out. */
    TIMEOUT(-0x6800),
    /** {@code MBEDTLS_ERR_SSL_CLIENT_RECONNECT}: the client initiated a reconnect from the same port. */
    CLIENT_RECONNECT(-0x6780),
    /** {@code MBEDTLS_ERR_SSL_UNEXPECTED_RECORD}: record header looks valid but is not expected. */
    UNEXPECTED_RECORD(-0x6700),
    /** {@code MBEDTLS_ERR_SSL_BAD_CONFIG}: invalid value in SSL config. */
    BAD_CONFIG(-0x5E80),
    /** {@code MBEDTLS_ERR_X509_CERT_VERIFY_FAILED} (x509.h): certificate verification failed, e.g. CRL, CA or signature check failed. */
    X509_CERT_VERIFY_FAILED(-0x2700);

    private final int code;

    TlsError(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return this.code;
    }

    /** The name as metric tags and reports show it, e.g. {@code invalid-record}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The error with the given mbed TLS code, or {@code null} if no TLS error has it. */
    public static @Nullable TlsError fromCode(int code) {
        return MbedError.fromCode(TlsError.class, code);
    }

    /** {@link #label()}: {@code NAME (-0xNNNN)}, the form netctx uses in messages. */
    @Override
    public String toString() {
        return label();
    }
}
