package dev.netctx.echo;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLContext;

import dev.netctx.context.ListenerSettings;
import dev.netctx.net.NetProtocol;
import dev.netctx.tls.DtlsSettings;
import dev.netctx.tls.TlsConfig;
import dev.netctx.tls.TlsException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;

/**
 * The TLS (tcp) or DTLS (udp) configuration of one listener, made from the Spring Boot SSL bundle
 * that {@code netctx.listeners.<name>.ssl.bundle} names and the listener's {@code ssl.*} options.
 * When the bundle changes (Boot's {@code reload-on-update}), {@link #config()} is the new one: new
 * sessions get the new certificates, open ones keep theirs, and {@link #settings()} shows its
 * protocols. A bundle that does not exist or does not
 * make a server's configuration stops start-up with a message naming the property; a reloaded one
 * that does not is logged and the previous configuration kept.
 */
final class ListenerTls {

    private static final Log logger = LogFactory.getLog(ListenerTls.class);

    private static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final List<String> DTLS_PROTOCOLS = List.of("DTLSv1.2");

    private final String name;

    private final NetProtocol protocol;

    private final ListenerSslProperties ssl;

    private volatile TlsConfig config;

    ListenerTls(String name, NetProtocol protocol, ListenerSslProperties ssl, SslBundles bundles) {
        this.name = name;
        this.protocol = protocol;
        this.ssl = ssl;
        SslBundle bundle;
        try {
            bundle = bundles.getBundle(ssl.bundle());
            bundles.addBundleUpdateHandler(ssl.bundle(), this::reload);
        }
        catch (NoSuchSslBundleException ex) {
            throw new InvalidConfigurationPropertyValueException(property("bundle"), ssl.bundle(),
                    "No SSL bundle is named '" + ssl.bundle() + "' (bundles: " + bundles.getBundleNames()
                            + "); configure spring.ssl.bundle.pem." + ssl.bundle() + ".keystore.certificate and .private-key, or spring.ssl.bundle.jks." + ssl.bundle());
        }
        this.config = configFor(bundle);
    }

    /** The configuration new sessions get. */
    TlsConfig config() {
        return this.config;
    }

    /** The bundle, the protocols new sessions may negotiate and the client authentication, as the REST API shows them. */
    ListenerSettings.Tls settings() {
        List<String> protocols = this.config.protocols();
        return new ListenerSettings.Tls(this.ssl.bundle(), (protocols != null) ? protocols : List.of(),
                this.ssl.clientAuth().name().toLowerCase(Locale.ROOT));
    }

    /** The listener's name. */
    String name() {
        return this.name;
    }

    /** How long a session's handshake may take. */
    long handshakeTimeoutNanos() {
        return this.ssl.handshakeTimeout().toNanos();
    }

    /** DTLS: how the listener's contexts pace their handshakes. */
    DtlsSettings dtlsSettings() {
        return this.ssl.dtls().settings(this.ssl.handshakeTimeout());
    }

    /** DTLS: how long the cookie of a HelloVerifyRequest is good for. */
    Duration cookieLifetime() {
        return this.ssl.dtls().cookieLifetime();
    }

    private void reload(SslBundle bundle) {
        try {
            this.config = configFor(bundle);
            logger.info("Listener '" + this.name + "' takes the updated SSL bundle '" + this.ssl.bundle()
                    + "' for new sessions; open sessions keep their certificates");
        }
        catch (RuntimeException ex) {
            logger.warn("Listener '" + this.name + "' keeps its previous certificates: the updated SSL bundle '"
                    + this.ssl.bundle() + "' cannot serve it: " + ex.getMessage());
        }
    }

    private TlsConfig configFor(SslBundle bundle) {
        if (bundle.getStores().getKeyStore() == null) {
            throw new InvalidConfigurationPropertyValueException(property("bundle"), this.ssl.bundle(),
                    "The SSL bundle has no key store: a listener needs its private key and certificate (keystore.certificate and keystore.private-key)");
        }
        if (this.ssl.clientAuth() != ListenerSslProperties.ClientAuth.NONE && bundle.getStores().getTrustStore() == null) {
            throw new InvalidConfigurationPropertyValueException(property("client-auth"), this.ssl.clientAuth(),
                    "Client certificates are verified against the bundle's truststore, and bundle '" + this.ssl.bundle()
                            + "' has none (truststore.certificate)");
        }
        TlsConfig made;
        try {
            made = TlsConfig.server(sslContext(bundle)).protocols(protocols(bundle)).cipherSuites(ciphers(bundle))
                .authMode(this.ssl.clientAuth().mode());
        }
        catch (GeneralSecurityException | RuntimeException ex) {
            throw new InvalidConfigurationPropertyValueException(property("bundle"), this.ssl.bundle(),
                    "The SSL bundle cannot make an SSL context: " + ex.getMessage());
        }
        try {
            made.check();
        }
        catch (TlsException ex) {
            boolean ciphers = made.cipherSuites() != null && ex.getMessage().toLowerCase(Locale.ROOT).contains("cipher");
            throw new InvalidConfigurationPropertyValueException(property(ciphers ? "ciphers" : "protocols"),
                    String.join(",", ciphers ? made.cipherSuites() : made.protocols()),
                    "The JDK cannot set up " + this.protocol.id() + " sessions with it: " + ex.getMessage());
        }
        return made;
    }

    /** TLS: the bundle's own context; DTLS: a {@code DTLS} context over the bundle's key and trust managers. */
    private SSLContext sslContext(SslBundle bundle) throws GeneralSecurityException {
        if (this.protocol == NetProtocol.TCP) {
            return bundle.createSslContext();
        }
        String dtls = bundle.getProtocol().startsWith("DTLS") ? bundle.getProtocol() : "DTLS";
        SslManagerBundle managers = bundle.getManagers();
        SSLContext context = SSLContext.getInstance(dtls);
        context.init(managers.getKeyManagers(), managers.getTrustManagers(), null);
        return context;
    }

    private List<String> protocols(SslBundle bundle) {
        if (!this.ssl.protocols().isEmpty()) {
            return this.ssl.protocols();
        }
        String[] options = bundle.getOptions().getEnabledProtocols();
        if (options != null && options.length > 0) {
            return Arrays.asList(options);
        }
        return (this.protocol == NetProtocol.UDP) ? DTLS_PROTOCOLS : TLS_PROTOCOLS;
    }

    private @Nullable List<String> ciphers(SslBundle bundle) {
        if (!this.ssl.ciphers().isEmpty()) {
            return this.ssl.ciphers();
        }
        String[] options = bundle.getOptions().getCiphers();
        return (options != null && options.length > 0) ? Arrays.asList(options) : null;
    }

    private String property(String name) {
        return "netctx.listeners." + this.name + ".ssl." + name;
    }
}
