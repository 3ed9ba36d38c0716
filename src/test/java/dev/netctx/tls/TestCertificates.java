package dev.netctx.tls;

import java.nio.file.Path;

import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/** The committed test-only certificates of {@code src/test/resources/tls} (see its README). */
public final class TestCertificates {

    /** The folder that holds them. */
    public static final Path FOLDER = Path.of("src/test/resources/tls").toAbsolutePath();

    private TestCertificates() {
    }

    public static Path file(String name) {
        return FOLDER.resolve(name);
    }

    /** The server's key and certificate, trusting the test CA (for client certificates). */
    public static SSLContext server() {
        return context("server", "ca.crt");
    }

    /** The client's key and certificate, trusting the test CA. */
    public static SSLContext client() {
        return context("client", "ca.crt");
    }

    /** A client that trusts the test CA and has no certificate of its own. */
    public static SSLContext trustingClient() {
        return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(location("ca.crt"))))
            .createSslContext();
    }

    private static SSLContext context(String who, String trust) {
        PemSslStoreDetails key = PemSslStoreDetails.forCertificate(location(who + ".crt")).withPrivateKey(location(who + ".key"));
        return SslBundle.of(new PemSslStoreBundle(key, PemSslStoreDetails.forCertificate(location(trust)))).createSslContext();
    }

    private static String location(String name) {
        return "file:" + file(name);
    }
}
