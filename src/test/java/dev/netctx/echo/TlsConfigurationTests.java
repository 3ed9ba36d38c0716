package dev.netctx.echo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.netctx.NetctxApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** A TLS listener whose SSL settings cannot serve stops start-up with a message that names the property. */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsConfigurationTests {

    private static final String KEYSTORE = "spring.ssl.bundle.pem.server.keystore.";

    @Test
    void aMissingBundleNamesTheProperty(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("netctx.listeners.tls.ssl.bundle=nonesuch"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("netctx.listeners.tls.ssl.bundle")
            .contains("No SSL bundle is named 'nonesuch'")
            .doesNotContain("\tat ");
    }

    @Test
    void clientAuthWithoutATruststoreNamesTheProperty(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("netctx.listeners.tls.ssl.bundle=server",
                KEYSTORE + "certificate=classpath:tls/server.crt", KEYSTORE + "private-key=classpath:tls/server.key",
                "netctx.listeners.tls.ssl.client-auth=need"));
        assertThat(output).contains("netctx.listeners.tls.ssl.client-auth").contains("truststore");
    }

    @Test
    void aProtocolTheJdkLacksNamesTheProperty(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("netctx.listeners.tls.ssl.bundle=server",
                KEYSTORE + "certificate=classpath:tls/server.crt", KEYSTORE + "private-key=classpath:tls/server.key",
                "netctx.listeners.tls.ssl.protocols=TLSv9"));
        assertThat(output).contains("netctx.listeners.tls.ssl.protocols").contains("TLSv9");
    }

    @Test
    void aDtlsProtocolOnATcpListenerIsRejectedByTheValidator(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("netctx.listeners.tls.ssl.bundle=server",
                "netctx.listeners.tls.ssl.protocols=DTLSv1.2"));
        assertThat(output).contains("netctx.listeners.tls.ssl.protocols[0]").contains("TLSv");
    }

    /** Runs the application with a tcp listener 'tls' on port 0 and the given settings. */
    private static void run(String... settings) {
        List<String> arguments = new ArrayList<>(List.of("--netctx.listeners.tcp.port=0", "--netctx.listeners.udp.port=0",
                "--netctx.listeners.tls.protocol=tcp", "--netctx.listeners.tls.port=0"));
        for (String setting : settings) {
            arguments.add("--" + setting);
        }
        SpringApplication application = new SpringApplication(NetctxApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(arguments.toArray(String[]::new)).close();
    }
}
