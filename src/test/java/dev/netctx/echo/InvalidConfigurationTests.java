package dev.netctx.echo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

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

/**
 * Whole start-ups that fail, for the report Boot prints: an unknown property, a bad value, a
 * listener that cannot bind. Every property and value is covered, in milliseconds each, by
 * {@code dev.netctx.config.PropertyValueTests} and {@code UnknownPropertiesTests}.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class InvalidConfigurationTests {

    @Test
    void aMisspeltPropertyStopsStartUpNamingItsOriginAndTheNearestName(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("--netctx.listeners.tcp.max-conections=5"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("netctx.listeners.tcp.max-conections: did you mean netctx.listeners.tcp.max-connections?")
            .contains("(\"netctx.listeners.tcp.max-conections\" from property source \"commandLineArgs\")")
            .doesNotContain("\tat ");
    }

    @Test
    void aBadValueStopsStartUpInTheUsersWords(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("--netctx.listeners.tcp.protocol=sctp"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("netctx.listeners.tcp.protocol must be tcp or udp, was 'sctp'")
            .doesNotContain("No enum constant", "\tat ");
    }

    @Test
    void aListenerThatCannotBindIsExplainedWithoutAStackTrace(CapturedOutput output) throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertThatException().isThrownBy(() -> run("--netctx.listeners.tcp.port=" + taken.getLocalPort()))
                .withStackTraceContaining("netctx.listeners.tcp")
                .withStackTraceContaining("BIND_FAILED");
        }
        assertThatException().isThrownBy(() -> run("--netctx.listeners.tcp.bind-address=nonexistent.invalid"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("Listener 'tcp' (netctx.listeners.tcp) cannot listen on tcp nonexistent.invalid:0: UNKNOWN_HOST (-0x0052)")
            .contains("Set netctx.listeners.tcp.bind-address to an address of this host");
    }

    /** Runs the application with {@code setting}, both default listeners on port 0 unless it says otherwise. */
    private static void run(String setting) {
        Map<String, String> properties = new LinkedHashMap<>(Map.of("netctx.listeners.tcp.port", "0",
                "netctx.listeners.udp.port", "0"));
        properties.put(setting.substring(2, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
        SpringApplication application = new SpringApplication(NetctxApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new)).close();
    }
}
