package dev.netctx.echo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.netctx.NetctxApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** Bad {@code netctx.*} values fail start-up, and what Boot prints names the property. */
@ExtendWith(OutputCaptureExtension.class)
class InvalidConfigurationTests {

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                Arguments.of("netctx.listeners.tcp.protocol=sctp", "netctx.listeners.tcp.protocol"),
                Arguments.of("netctx.listeners.tcp.port=70000", "netctx.listeners.tcp.port"),
                Arguments.of("netctx.listeners.udp.port=-1", "netctx.listeners.udp.port"),
                Arguments.of("netctx.listeners.tcp.buffer-size=0", "netctx.listeners.tcp.buffer-size"),
                Arguments.of("netctx.listeners.tcp.buffer-size=1GB", "netctx.listeners.tcp.buffer-size"),
                Arguments.of("netctx.listeners.udp.idle-timeout=0s", "netctx.listeners.udp.idle-timeout"),
                Arguments.of("netctx.listeners.tcp.idle-timeout=-5s", "netctx.listeners.tcp.idle-timeout"),
                Arguments.of("netctx.listeners.tcp.max-connections=0", "netctx.listeners.tcp.max-connections"),
                Arguments.of("netctx.listeners.extra.port=0", "netctx.listeners.extra.protocol"),
                Arguments.of("netctx.listeners.tcp.bind-address= ", "netctx.listeners.tcp.bind-address"));
    }

    @ParameterizedTest
    @MethodSource("invalidSettings")
    void startUpFailsNamingTheProperty(String setting, String property, CapturedOutput output) {
        assertThatException().isThrownBy(() -> run(setting));
        assertThat(output).contains("APPLICATION FAILED TO START").contains(property);
    }

    @Test
    void twoListenersOnOnePortAndProtocolFailStartUpNamingBoth(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("netctx.listeners.tcp.port=4999", "netctx.listeners.second.protocol=tcp",
                "netctx.listeners.second.port=4999"));
        assertThat(output).contains("netctx.listeners.second.port").contains("netctx.listeners.tcp.port")
                .contains("already used");
    }

    @Test
    void aTcpAndAUdpListenerMayShareAPort() {
        run("netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0", "netctx.listeners.more.protocol=udp",
                "netctx.listeners.more.port=0").close();
    }

    @Test
    void aPortInUseFailsStartUpNamingTheListener() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertThatException().isThrownBy(() -> run("netctx.listeners.tcp.port=" + taken.getLocalPort()))
                    .withStackTraceContaining("netctx.listeners.tcp").withStackTraceContaining("BIND_FAILED");
        }
    }

    @Test
    void aListenerThatCannotBindIsExplainedWithoutAStackTrace(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("netctx.listeners.tcp.bind-address=nonexistent.invalid"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("Listener 'tcp' (netctx.listeners.tcp) cannot listen on tcp nonexistent.invalid:0: UNKNOWN_HOST (-0x0052)")
            .contains("Set netctx.listeners.tcp.bind-address to an address of this host");
    }

    /** Runs the application with both default listeners on port 0 unless a setting says otherwise. */
    private static ConfigurableApplicationContext run(String... settings) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("netctx.listeners.tcp.port", "0");
        properties.put("netctx.listeners.udp.port", "0");
        for (String setting : settings) {
            int equals = setting.indexOf('=');
            properties.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        SpringApplication application = new SpringApplication(NetctxApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        return application.run(properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new));
    }
}
