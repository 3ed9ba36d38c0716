package dev.netctx.tls;

import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/** {@link TestCertificates}' keys and CA in {@code DTLS} contexts, as a Spring Boot bundle with protocol DTLS makes them. */
public final class DtlsCertificates {

    private DtlsCertificates() {
    }

    /** The test server's key and certificate (trusting the test CA for client certificates). */
    public static SSLContext server() {
        PemSslStoreDetails key = PemSslStoreDetails.forCertificate(location("server.crt"))
            .withPrivateKey(location("server.key"));
        return dtls(new PemSslStoreBundle(key, PemSslStoreDetails.forCertificate(location("ca.crt"))));
    }

    /** A client that trusts the test CA. */
    public static SSLContext trustingClient() {
        return dtls(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(location("ca.crt"))));
    }

    private static SSLContext dtls(PemSslStoreBundle stores) {
        return SslBundle.of(stores, SslBundleKey.NONE, SslOptions.NONE, "DTLS").createSslContext();
    }

    private static String location(String name) {
        return "file:" + TestCertificates.file(name);
    }
}
