package dev.netctx.context;

import dev.netctx.net.NetException;
import dev.netctx.tls.TlsError;
import dev.netctx.tls.TlsException;

/**
 * How a TLS or DTLS handshake on a listener ended, as the {@code result} tag of
 * {@code netctx.tls.handshakes} shows it: {@code ok}, or the class of its failure (a few, so that
 * the tag stays bounded whatever peers send).
 */
public enum HandshakeResult {

    /** The handshake finished. */
    OK("ok"),

    /** It did not finish within the listener's {@code ssl.handshake-timeout}. */
    TIMEOUT("timeout"),

    /** The peer does not speak TLS: plain text or garbage ({@code INVALID_RECORD}, a bad ClientHello). */
    NOT_TLS("not-tls"),

    /** The peer ended it with a fatal alert ({@code FATAL_ALERT_MESSAGE}): it rejected our certificate, say. */
    PEER_ALERT("peer-alert"),

    /** No protocol version or cipher suite in common ({@code BAD_HS_PROTOCOL_VERSION}, {@code NO_CIPHER_CHOSEN}). */
    NO_COMMON_PARAMETERS("no-common-parameters"),

    /** The peer's certificate was missing or did not verify ({@code NO_CLIENT_CERTIFICATE}, {@code X509_CERT_VERIFY_FAILED}). */
    CERTIFICATE("certificate"),

    /** The peer closed or reset the connection during the handshake ({@code CONN_EOF}, a net error). */
    PEER_CLOSED("peer-closed"),

    /** Any other failure. */
    FAILED("failed");

    private final String tag;

    HandshakeResult(String tag) {
        this.tag = tag;
    }

    /** The result as metric tags show it, e.g. {@code not-tls}. */
    public String tag() {
        return this.tag;
    }

    /** The class of a handshake's failure. */
    public static HandshakeResult of(Exception failure) {
        if (failure instanceof NetException) {
            return PEER_CLOSED;
        }
        return (failure instanceof TlsException tls) ? of(tls.error()) : FAILED;
    }

    /** The class of a handshake failure with the given mbed TLS error. */
    public static HandshakeResult of(TlsError error) {
        return switch (error) {
            case TIMEOUT -> TIMEOUT;
            case INVALID_RECORD, BAD_HS_CLIENT_HELLO, BAD_HS_SERVER_HELLO, UNEXPECTED_MESSAGE, UNEXPECTED_RECORD,
                    INVALID_MAC -> NOT_TLS;
            case FATAL_ALERT_MESSAGE -> PEER_ALERT;
            case BAD_HS_PROTOCOL_VERSION, NO_CIPHER_CHOSEN, NO_USABLE_CIPHERSUITE -> NO_COMMON_PARAMETERS;
            case NO_CLIENT_CERTIFICATE, X509_CERT_VERIFY_FAILED, BAD_HS_CERTIFICATE, PEER_VERIFY_FAILED -> CERTIFICATE;
            case CONN_EOF, PEER_CLOSE_NOTIFY -> PEER_CLOSED;
            default -> FAILED;
        };
    }
}
