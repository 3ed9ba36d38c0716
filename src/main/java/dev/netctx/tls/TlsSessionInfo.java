package dev.netctx.tls;

import java.math.BigInteger;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

/**
 * What a finished handshake agreed: {@code mbedtls_ssl_get_version}, {@code _get_ciphersuite},
 * {@code _get_alpn_protocol} and {@code _get_peer_cert}, with the SNI name and how long the
 * handshake took.
 * @param protocol the protocol version, e.g. {@code TLSv1.3} or {@code DTLSv1.2}
 * @param cipherSuite the cipher suite, e.g. {@code TLS_AES_128_GCM_SHA256}
 * @param sni the server name the client asked for (SNI), or {@code null} if it sent none
 * @param alpn the application protocol agreed (ALPN), or {@code null}
 * @param handshakeMillis from the first handshake call to its end
 * @param peerSubject the peer certificate's subject (RFC 2253), or {@code null} if the peer presented none
 * @param peerSerial the peer certificate's serial number in hexadecimal, or {@code null}
 * @param peerNotAfter the end of the peer certificate's validity, or {@code null}
 */
public record TlsSessionInfo(String protocol, String cipherSuite, @Nullable String sni, @Nullable String alpn,
        long handshakeMillis, @Nullable String peerSubject, @Nullable String peerSerial, @Nullable Instant peerNotAfter) {

    /** What {@code engine}'s finished handshake agreed; {@code clientSni} is the name a client sent. */
    static TlsSessionInfo of(SSLEngine engine, @Nullable String clientSni, long handshakeMillis) {
        SSLSession session = engine.getSession();
        String alpn = engine.getApplicationProtocol();
        X509Certificate peer = peerCertificate(session);
        BigInteger serial = (peer != null) ? peer.getSerialNumber() : null;
        return new TlsSessionInfo(session.getProtocol(), session.getCipherSuite(),
                engine.getUseClientMode() ? clientSni : requestedName(session), (alpn == null || alpn.isEmpty()) ? null : alpn,
                handshakeMillis, (peer != null) ? peer.getSubjectX500Principal().getName() : null,
                (serial != null) ? serial.toString(16) : null, (peer != null) ? peer.getNotAfter().toInstant() : null);
    }

    private static @Nullable X509Certificate peerCertificate(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return (chain.length > 0 && chain[0] instanceof X509Certificate x509) ? x509 : null;
        }
        catch (SSLPeerUnverifiedException ex) {
            return null;
        }
    }

    private static @Nullable String requestedName(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            List<SNIServerName> names = extended.getRequestedServerNames();
            for (SNIServerName name : names) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }
}
