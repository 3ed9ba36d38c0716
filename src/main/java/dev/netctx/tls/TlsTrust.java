package dev.netctx.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The {@link SSLContext}s a TLS client needs, by where its trust comes from: the CA certificates of a
 * PEM file ({@code mbedtls_x509_crt_parse_file} + {@code mbedtls_ssl_conf_ca_chain}), or none at all
 * ({@code MBEDTLS_SSL_VERIFY_NONE}).
 */
public final class TlsTrust {

    private TlsTrust() {
    }

    /**
     * A context that trusts the certificates of a PEM file (one or more {@code CERTIFICATE} blocks).
     * @param protocol {@code TLS} or {@code DTLS}
     * @throws TlsException {@code BAD_INPUT_DATA} when the file cannot be read or holds no certificate
     */
    public static SSLContext fromPem(Path caFile, String protocol) throws TlsException {
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new TlsException(TlsError.BAD_INPUT_DATA, caFile + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance(protocol);
            context.init(null, factory.getTrustManagers(), null);
            return context;
        }
        catch (IOException | GeneralSecurityException ex) {
            throw new TlsException(TlsError.BAD_INPUT_DATA, "cannot read CA certificates from " + caFile + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * A context that trusts every server, whatever its certificate: {@code MBEDTLS_SSL_VERIFY_NONE},
     * for tests against a self-signed server only. Use it with {@link TlsAuthMode#NONE}.
     * @param protocol {@code TLS} or {@code DTLS}
     */
    public static SSLContext insecure(String protocol) throws TlsException {
        try {
            SSLContext context = SSLContext.getInstance(protocol);
            context.init(null, new TrustManager[] { new TrustEveryone() }, null);
            return context;
        }
        catch (GeneralSecurityException ex) {
            throw new TlsException(TlsError.BAD_CONFIG, ex.getMessage(), ex);
        }
    }

    /** Accepts every chain: what {@code MBEDTLS_SSL_VERIFY_NONE} does. */
    private static final class TrustEveryone implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
