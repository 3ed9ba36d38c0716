package dev.netctx.echo;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.netctx.NetctxApplication;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every {@code netctx.*} property, many bad values each: start-up fails with Boot's failure report
 * naming the property, never with a stack trace as the only explanation.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationFuzzTests {

    private static final Map<String, List<String>> BAD_VALUES = Map.ofEntries(
            Map.entry("netctx.listeners.tcp.protocol", List.of("sctp", "TCP6", "1", "udp tcp", "quic")),
            Map.entry("netctx.listeners.udp.bind-address", List.of(" ", "\t")),
            Map.entry("netctx.listeners.tcp.port", List.of("-1", "65536", "99999999999", "abc", "1.5", "0x10", "80 80")),
            Map.entry("netctx.listeners.udp.buffer-size", List.of("0", "-1KB", "17MB", "1GB", "abc", "1XB", "1.5KB")),
            Map.entry("netctx.listeners.tcp.idle-timeout", List.of("0s", "-5s", "0", "abc", "5 parsecs", "PT")),
            Map.entry("netctx.listeners.tcp.max-connections", List.of("0", "-1", "abc", "99999999999", "1e3")),
            Map.entry("netctx.listeners.udp.min-source-port", List.of("-1", "65536", "abc")),
            Map.entry("netctx.listeners.udp.udp-rate-limit.rate", List.of("-1", "abc", "1.5")),
            Map.entry("netctx.listeners.udp.udp-rate-limit.burst", List.of("0", "-3", "abc")),
            Map.entry("netctx.listeners.udp.udp-rate-limit.max-sources", List.of("0", "-1", "abc")),
            Map.entry("netctx.trusted-networks", List.of("10.0.0.0/33", "abc", "256.1.1.1", "::1/129", "example.com/24",
                    "10.0.0.0/8,bad", "10.0.0.0/-1", "/8")));

    static Stream<Arguments> badSettings() {
        return BAD_VALUES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(entry -> entry.getValue().stream().map(value -> Arguments.of(entry.getKey(), value)));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badSettings")
    void startUpFailsWithAReportNamingTheProperty(String property, String value, CapturedOutput output) {
        assertThatException().isThrownBy(() -> run(property, value));
        String report = output.getOut() + output.getErr();
        assertThat(report).contains("APPLICATION FAILED TO START").contains("Description:");
        String description = report.substring(report.indexOf("Description:"));
        String propertyPrefix = property.replaceAll("\\[\\d+]$", "");
        assertThat(description).as("the failure report names the property").contains(propertyPrefix);
    }

    private static void run(String property, String value) {
        SpringApplication application = new SpringApplication(NetctxApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run("--netctx.listeners.tcp.port=0", "--netctx.listeners.udp.port=0", "--server.port=0",
                "--" + property + "=" + value).close();
    }
}
