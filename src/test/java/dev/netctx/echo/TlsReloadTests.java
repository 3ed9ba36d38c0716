package dev.netctx.echo;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ListenerSettings;
import dev.netctx.tls.TestCertificates;
import dev.netctx.tls.TlsTrust;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bundle with {@code reload-on-update}: when its files change, new TLS sessions get the new
 * certificate and a session opened before goes on with its own; a bundle updated with other
 * protocols is what the listener shows ({@code /api/listeners}, health) and what new sessions get.
 */
@SpringBootTest(properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0", "server.port=0",
        "management.server.port=0", "netctx.listeners.tls.protocol=tcp", "netctx.listeners.tls.port=0",
        "netctx.listeners.tls.ssl.bundle=server", "spring.ssl.bundle.pem.server.reload-on-update=true",
        "spring.ssl.bundle.watch.file.quiet-period=100ms" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsReloadTests {

    private static Path folder;

    @Autowired
    private ContextRegistry registry;

    @Autowired
    private SslBundles bundles;

    @Autowired
    private SslBundleRegistry bundleRegistry;

    @DynamicPropertySource
    static void certificates(DynamicPropertyRegistry properties) throws Exception {
        folder = Files.createTempDirectory("netctx-tls-reload");
        Files.copy(TestCertificates.file("server.crt"), folder.resolve("tls.crt"));
        Files.copy(TestCertificates.file("server.key"), folder.resolve("tls.key"));
        properties.add("spring.ssl.bundle.pem.server.keystore.certificate", () -> "file:" + folder.resolve("tls.crt"));
        properties.add("spring.ssl.bundle.pem.server.keystore.private-key", () -> "file:" + folder.resolve("tls.key"));
    }

    @AfterAll
    static void deleteCertificates() throws Exception {
        for (String name : new String[] { "tls.crt", "tls.key" }) {
            Files.deleteIfExists(folder.resolve(name));
        }
        Files.deleteIfExists(folder);
    }

    @Test
    void newSessionsGetTheNewCertificateAndOpenOnesGoOn() throws Exception {
        try (SSLSocket before = connect()) {
            assertThat(subject(before)).isEqualTo("CN=netctx test server");
            Files.copy(TestCertificates.file("other.crt"), folder.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(TestCertificates.file("other.key"), folder.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
            await("a new session with the new certificate").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    try (SSLSocket after = connect()) {
                        return subject(after).equals("CN=netctx test other");
                    }
                });
            assertThat(echo(before, "still here")).as("the session opened before goes on").isEqualTo("still here");
        }
    }

    @Test
    void whatTheListenerShowsFollowsTheProtocolsOfTheBundleInUse() throws Exception {
        SslBundle original = this.bundles.getBundle("server");
        assertThat(tlsSettings().protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        try {
            this.bundleRegistry.updateBundle("server", SslBundle.of(original.getStores(), original.getKey(),
                    SslOptions.of(null, new String[] { "TLSv1.2" }), original.getProtocol(), original.getManagers()));
            await("the shown protocols follow the updated bundle").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(tlsSettings().protocols()).containsExactly("TLSv1.2"));
            assertThat(this.registry.listener("tls").orElseThrow().info().tls()).isEqualTo(tlsSettings());
            try (SSLSocket after = connect()) {
                assertThat(after.getSession().getProtocol()).as("what new sessions negotiate").isEqualTo("TLSv1.2");
            }
        }
        finally {
            this.bundleRegistry.updateBundle("server", original);
        }
        await("the shown protocols follow the bundle back").atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(tlsSettings().protocols()).containsExactly("TLSv1.3", "TLSv1.2"));
    }

    private ListenerSettings.Tls tlsSettings() {
        ListenerSettings.Tls tls = this.registry.listener("tls").orElseThrow().settings().tls();
        assertThat(tls).isNotNull();
        return tls;
    }

    private SSLSocket connect() throws Exception {
        InetSocketAddress server = Peers.address(this.registry, "tls");
        SSLSocket socket = (SSLSocket) TlsTrust.insecure("TLS").getSocketFactory().createSocket(server.getAddress(),
                server.getPort());
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        return socket;
    }

    private static String subject(SSLSocket socket) throws Exception {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    private static String echo(SSLSocket socket, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return new String(socket.getInputStream().readNBytes(bytes.length), StandardCharsets.US_ASCII);
    }
}
