package dev.netctx.tls;

import java.security.GeneralSecurityException;
import java.util.Locale;

import javax.net.ssl.SSLException;

/**
 * Maps the JDK's {@link SSLException}s to the mbed TLS error that {@code mbedtls_ssl_handshake} or
 * {@code mbedtls_ssl_read} returns for the same event. JSSE tells its failures apart by message and
 * cause only, so this reads them; what it does not recognise is {@link TlsError#INTERNAL_ERROR}
 * during a read and {@link TlsError#BAD_HS_CLIENT_HELLO} / {@link TlsError#BAD_HS_SERVER_HELLO}
 * during a handshake.
 */
final class TlsFailures {

    private TlsFailures() {
    }

    static TlsException map(SSLException ex, boolean handshaking, boolean server) {
        return new TlsException(errorOf(ex, handshaking, server), String.valueOf(ex.getMessage()), ex);
    }

    static TlsError errorOf(SSLException ex, boolean handshaking, boolean server) {
        String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("received fatal alert")) {
            return TlsError.FATAL_ALERT_MESSAGE;
        }
        if (message.contains("unsupported or unrecognized ssl message") || message.contains("plaintext connection")
                || message.contains("invalid tls record") || message.contains("record_overflow")
                || message.contains("input record or record") || message.contains("invalid padding")) {
            return TlsError.INVALID_RECORD;
        }
        if (message.contains("bad record mac") || message.contains("bad_record_mac") || message.contains("tag mismatch")) {
            return TlsError.INVALID_MAC;
        }
        if (message.contains("empty client certificate chain") || message.contains("empty certificate chain")) {
            return TlsError.NO_CLIENT_CERTIFICATE;
        }
        if (message.contains("no appropriate protocol") || message.contains("protocol_version")
                || message.contains("client requested protocol") || message.contains("unsupported protocol")
                || message.contains("the server selected protocol version")) {
            return TlsError.BAD_HS_PROTOCOL_VERSION;
        }
        if (message.contains("no cipher suites in common") || message.contains("no negotiable cipher suite")
                || message.contains("no appropriate cipher suite")) {
            return TlsError.NO_CIPHER_CHOSEN;
        }
        if (hasCause(ex, GeneralSecurityException.class) || message.contains("certificate")
                || message.contains("pkix") || message.contains("no subject alternative") || message.contains("no name matching")) {
            return TlsError.X509_CERT_VERIFY_FAILED;
        }
        if (message.contains("before receiving peer's close_notify") || message.contains("connection closed")) {
            return TlsError.CONN_EOF;
        }
        if (message.contains("unexpected") || message.contains("unexpected_message")) {
            return TlsError.UNEXPECTED_MESSAGE;
        }
        if (!handshaking) {
            return TlsError.INTERNAL_ERROR;
        }
        return server ? TlsError.BAD_HS_CLIENT_HELLO : TlsError.BAD_HS_SERVER_HELLO;
    }

    private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable cause = ex.getCause(); cause != null && cause != ex; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
