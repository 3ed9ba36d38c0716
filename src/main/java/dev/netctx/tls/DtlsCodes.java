package dev.netctx.tls;

/** Interim: the SSL codes DTLS needs beyond the net ones, until the shared TlsError lands. */
final class DtlsCodes {

    /** {@code MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY}. */
    static final int PEER_CLOSE_NOTIFY = -0x7880;

    private DtlsCodes() {
    }
}
