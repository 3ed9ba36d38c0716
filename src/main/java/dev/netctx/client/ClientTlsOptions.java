package dev.netctx.client;

import java.io.PrintStream;
import java.nio.file.Path;

import javax.net.ssl.SSLContext;

import dev.netctx.tls.TlsAuthMode;
import dev.netctx.tls.TlsConfig;
import dev.netctx.tls.TlsError;
import dev.netctx.tls.TlsException;
import dev.netctx.tls.TlsSessionInfo;
import dev.netctx.tls.TlsTrust;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --tls}, {@code --ca}, {@code --insecure} and {@code --sni}: TLS for a TCP client and DTLS
 * for a UDP one (the echo client, the load generator), and where its trust comes from: a PEM file of CA certificates, the
 * JDK's default trust store, or (loudly) none.
 */
public final class ClientTlsOptions {

    @Option(names = "--tls", description = "talk TLS (1.3 or 1.2) over tcp, DTLS 1.2 over udp; the server's certificate "
            + "is verified against --ca, or the JDK's trusted CAs without it")
    boolean enabled;

    @Option(names = "--ca", paramLabel = "<file>", description = "with --tls: trust the CA certificates of this PEM file")
    @Nullable Path ca;

    @Option(names = "--insecure", description = "with --tls: do not verify the server's certificate (tests only: "
            + "anyone on the path can read and change the traffic)")
    boolean insecure;

    @Option(names = "--sni", paramLabel = "<name>", description = "with --tls: the server name to send (SNI) and to "
            + "check the certificate for (default: --host)")
    @Nullable String serverName;

    /** Whether {@code --tls} was given. */
    public boolean enabled() {
        return this.enabled;
    }

    /** What is wrong with the combination, or {@code null}. */
    public @Nullable String problem() {
        if (!this.enabled && (this.ca != null || this.insecure || this.serverName != null)) {
            return "--ca, --insecure and --sni need --tls";
        }
        if (this.ca != null && this.insecure) {
            return "--ca and --insecure exclude each other";
        }
        return null;
    }

    /** The name the handshake sends and checks: {@code --sni}, or the host. */
    public String serverName(String host) {
        return (this.serverName != null) ? this.serverName : host;
    }

    /** The client configuration; with {@code --insecure}, after a warning on {@code err}. */
    public TlsConfig config(PrintStream err) throws TlsException {
        return config(err, "TLS");
    }

    /** The client configuration of {@code protocol} ({@code TLS}, or {@code DTLS} for UDP). */
    public TlsConfig config(PrintStream err, String protocol) throws TlsException {
        if (this.insecure) {
            err.println("WARNING: --insecure: the server's certificate is NOT verified; anyone on the path can read and "
                    + "change this traffic. For tests only.");
            return TlsConfig.client(TlsTrust.insecure(protocol)).authMode(TlsAuthMode.NONE);
        }
        SSLContext trust;
        try {
            trust = (this.ca != null) ? TlsTrust.fromPem(this.ca, protocol) : defaultTrust(protocol);
        }
        catch (java.security.GeneralSecurityException ex) {
            throw new TlsException(TlsError.BAD_CONFIG, ex.getMessage(), ex);
        }
        return TlsConfig.client(trust);
    }

    /** The JDK's trusted CAs, in a context of {@code protocol}. */
    private static SSLContext defaultTrust(String protocol) throws java.security.GeneralSecurityException {
        if ("TLS".equals(protocol)) {
            return SSLContext.getDefault();
        }
        SSLContext context = SSLContext.getInstance(protocol);
        context.init(null, null, null);
        return context;
    }

    /** One line on what a handshake agreed, e.g. {@code TLSv1.3 TLS_AES_128_GCM_SHA256, server CN=...}. */
    public static String describe(TlsSessionInfo session) {
        return session.protocol() + " " + session.cipherSuite()
                + ((session.peerSubject() != null) ? ", server certificate " + session.peerSubject() : "")
                + " (handshake " + session.handshakeMillis() + " ms)";
    }
}
