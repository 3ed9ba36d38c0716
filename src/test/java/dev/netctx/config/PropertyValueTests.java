package dev.netctx.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.netctx.echo.NetctxProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ByteArrayResource;

import static dev.netctx.config.NetctxPropertiesRunner.failure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code netctx.*} property, many bad values each: binding fails, and the report names the
 * property and says what it takes in the user's words, never in the converter's or the bound
 * object's ({@code No enum constant}, {@code Value: "PT0S"}, {@code Value: "null"}).
 */
class PropertyValueTests {

    private static final Map<String, List<String>> BAD_VALUES = Map.ofEntries(
            Map.entry("netctx.listeners.tcp.protocol", List.of("sctp", "TCP6", "1", "udp tcp", "quic")),
            Map.entry("netctx.listeners.udp.bind-address", List.of(" ", "\t")),
            Map.entry("netctx.listeners.tcp.port", List.of("-1", "65536", "99999999999", "abc", "1.5", "0x1p4")),
            Map.entry("netctx.listeners.udp.buffer-size", List.of("0", "-1KB", "17MB", "1GB", "abc", "1XB", "1.5KB")),
            Map.entry("netctx.listeners.tcp.idle-timeout", List.of("0s", "-5s", "0", "abc", "5 parsecs", "PT")),
            Map.entry("netctx.listeners.tcp.max-connections", List.of("0", "-1", "abc", "99999999999", "1e3")),
            Map.entry("netctx.listeners.udp.min-source-port", List.of("-1", "65536", "abc")),
            Map.entry("netctx.listeners.udp.udp-rate-limit.rate", List.of("-1", "abc", "1.5")),
            Map.entry("netctx.listeners.udp.udp-rate-limit.burst", List.of("0", "-3", "abc")),
            Map.entry("netctx.listeners.udp.udp-rate-limit.max-sources", List.of("0", "-1", "abc")),
            Map.entry("netctx.trusted-networks", List.of("10.0.0.0/33", "abc", "256.1.1.1", "::1/129", "example.com/24",
                    "10.0.0.0/8,bad", "10.0.0.0/-1", "/8")),
            Map.entry("netctx.memory.release-after-startup", List.of("maybe", "2")),
            Map.entry("netctx.event-loops", List.of("0", "-1", "1025", "abc", "1.5")),
            Map.entry("netctx.http.request-header-timeout", List.of("-1s", "abc", "5 parsecs")),
            Map.entry("netctx.security.read-access", List.of("everyone", "1")),
            Map.entry("netctx.listeners.tcp.mode", List.of("reverse", "1", "echo info")),
            Map.entry("netctx.probe.allowed-targets", List.of("10.0.0.0/33", "host:0", "http://x:80", "[::1]4442", "a b:1")),
            Map.entry("netctx.probe.max-count", List.of("0", "101", "abc")),
            Map.entry("netctx.probe.max-size", List.of("0", "64KB", "abc")),
            Map.entry("netctx.probe.max-timeout", List.of("0s", "61s", "abc")),
            Map.entry("netctx.probe.max-concurrent", List.of("0", "65", "abc")),
            Map.entry("netctx.listeners.tcp.proxy-protocol", List.of("on", "v2", "1", "yes")),
            Map.entry("netctx.proxy-protocol.trusted-proxies", List.of("10.0.0.0/33", "abc", "example.com", "10.0.0.0/8,bad")),
            Map.entry("netctx.proxy-protocol.header-timeout", List.of("0s", "-1s", "abc")),
            Map.entry("netctx.listeners.tcp.impairment.delay", List.of("-1ms", "61s", "abc")),
            Map.entry("netctx.listeners.udp.impairment.jitter", List.of("-5ms", "2m")),
            Map.entry("netctx.listeners.udp.impairment.drop", List.of("1.5", "-0.1", "abc")),
            Map.entry("netctx.listeners.tcp.impairment.drop", List.of("0.5")),
            Map.entry("netctx.listeners.udp.impairment.reorder", List.of("2")),
            Map.entry("netctx.listeners.tcp.impairment.bandwidth", List.of("0", "-1KB", "fast")),
            Map.entry("netctx.listeners.udp.impairment.reset-after", List.of("1KB")));

    static Stream<Arguments> badSettings() {
        return BAD_VALUES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(entry -> entry.getValue().stream().map(value -> Arguments.of(entry.getKey(), value)));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badSettings")
    void aBadValueIsExplainedNamingThePropertyAndTheValue(String property, String value) {
        String description = failure(property + "=" + value).getDescription();
        String wrongPart = value.contains(",") ? value.substring(value.indexOf(',') + 1) : value;
        assertThat(description).contains(property).contains("was '" + wrongPart + "'")
            .doesNotContain("Exception", "No enum constant", "Value:", "java.lang", "dev.netctx.")
            .doesNotContainPattern("PT-?\\d");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            netctx.listeners.tcp.protocol=sctp    | netctx.listeners.tcp.protocol must be tcp or udp, was 'sctp'
            netctx.trusted-networks=10.0.0.0/33   | netctx.trusted-networks[0] must be a network in CIDR notation such as 10.0.0.0/8 or fd00::/8 (the prefix length after '/' must be 0..32), was '10.0.0.0/33'
            netctx.trusted-networks[0]=::1/129    | netctx.trusted-networks[0] must be a network in CIDR notation such as 10.0.0.0/8 or fd00::/8 (the prefix length after '/' must be 0..128), was '::1/129'
            netctx.listeners.tcp.idle-timeout=0s  | netctx.listeners.tcp.idle-timeout must be more than 0, such as 30s or 5m, was '0s'
            netctx.listeners.tcp.idle-timeout=5 parsecs | netctx.listeners.tcp.idle-timeout must be a duration such as 500ms, 30s, 5m, 1h or 1d, was '5 parsecs'
            netctx.listeners.udp.buffer-size=1XB  | netctx.listeners.udp.buffer-size must be a size in bytes such as 512B, 64KB or 16MB (B, KB, MB, GB or TB, no fraction), was '1XB'
            netctx.listeners.udp.buffer-size=17MB | netctx.listeners.udp.buffer-size must be from 1B to 16MB, was '17MB'
            netctx.listeners.tcp.port=70000       | netctx.listeners.tcp.port must be 0..65535 (0 for any free port), was '70000'
            netctx.listeners.tcp.port=abc         | netctx.listeners.tcp.port must be a whole number, was 'abc'
            netctx.listeners.tcp.max-connections=99999999999 | netctx.listeners.tcp.max-connections must be at most 2147483647, was '99999999999'
            netctx.memory.release-after-startup=maybe | netctx.memory.release-after-startup must be true or false, was 'maybe'
            netctx.event-loops=0                  | netctx.event-loops must be 1..1024 (unset: one per CPU,
            netctx.http.request-header-timeout=-1s | netctx.http.request-header-timeout must be 0s (no deadline) or more, was '-1s'
            netctx.listeners.tcp.mode=reverse     | netctx.listeners.tcp.mode must be echo or info, was 'reverse'
            netctx.probe.allowed-targets=host:0   | netctx.probe.allowed-targets[0] must be a network in CIDR notation (10.0.0.0/8) or host:port ([::1]:4442): the port after ':' must be 1..65535, was 'host:0'
            netctx.probe.max-size=64KB            | netctx.probe.max-size must be from 1B to 65507B (the largest UDP datagram), was '64KB'
            netctx.listeners.tcp.proxy-protocol=on | netctx.listeners.tcp.proxy-protocol must be off, optional or required, was 'on'
            netctx.proxy-protocol.trusted-proxies=10.0.0.0/33 | netctx.proxy-protocol.trusted-proxies[0] must be a network in CIDR notation such as 10.0.0.0/8 or fd00::/8 (the prefix length after '/' must be 0..32), was '10.0.0.0/33'
            netctx.proxy-protocol.header-timeout=0s | netctx.proxy-protocol.header-timeout must be more than 0, such as 5s, was '0s'
            netctx.listeners.udp.impairment.drop=1.5 | netctx.listeners.udp.impairment.drop must be a fraction from 0 to 1, such as 0.05 for 5%, was '1.5'
            netctx.listeners.tcp.impairment.duplicate=0.1 | netctx.listeners.tcp.impairment.duplicate applies to UDP listeners only: TCP delivers every byte once, in order, was '0.1'
            netctx.listeners.tcp.impairment.bandwidth=0 | netctx.listeners.tcp.impairment.bandwidth must be at least 1B (bytes per second, such as 64KB), or unset for no cap, was '0'
            """)
    void theReportSaysWhatIsWrongInTheUsersWords(String setting, String line) {
        FailureAnalysis analysis = failure(setting);
        assertThat(analysis.getDescription()).contains(line).contains("from property source");
        assertThat(analysis.getAction()).contains("docs/configuration.md");
    }

    @Test
    void aListenerWithoutProtocolIsNamed() {
        assertThat(failure("netctx.listeners.extra.port=0").getDescription())
            .contains("netctx.listeners.extra.protocol is required: tcp or udp");
    }

    @Test
    void twoListenersOnOnePortAndProtocolAreNamedBoth() {
        assertThat(failure("netctx.listeners.tcp.port=4999", "netctx.listeners.second.protocol=tcp",
                "netctx.listeners.second.port=4999").getDescription())
            .containsPattern("netctx.listeners.(tcp|second).port is already used by the tcp listener '(tcp|second)' "
                    + "\\(netctx.listeners.(tcp|second).port\\), was '4999'");
    }

    @Test
    void aTcpAndAUdpListenerMayShareAPort() {
        NetctxPropertiesRunner.runner()
            .withPropertyValues("netctx.listeners.tcp.port=4999", "netctx.listeners.udp.port=4999",
                    "netctx.listeners.more.protocol=udp", "netctx.listeners.more.port=5000")
            .run(context -> assertThat(context).hasNotFailed()
                .getBean(NetctxProperties.class).extracting(properties -> properties.listeners().keySet())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.ITERABLE)
                .containsExactly("tcp", "udp", "more"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "netctx.security.username=operator, netctx.security.password is required when netctx.security.username is set",
            "netctx.security.password=secret, netctx.security.username is required when netctx.security.password is set",
            "'netctx.security.token= ', netctx.security.token must not be blank" })
    void halfConfiguredCredentialsAreNamed(String setting, String line) {
        assertThat(failure(setting).getDescription()).contains(line);
    }

    @ParameterizedTest(name = "proxy-protocol: {0}")
    @CsvSource({ "off, OFF", "Off, OFF", "optional, OPTIONAL", "required, REQUIRED" })
    void theProxyProtocolModeBindsFromYamlWhereOffIsABoolean(String yaml, String mode) {
        // YAML 1.1 reads an unquoted off as false: Spring Boot's lenient enum conversion takes it as OFF
        String document = "netctx:\n  listeners:\n    tcp:\n      proxy-protocol: " + yaml + "\n";
        NetctxPropertiesRunner.runner().withInitializer((context) -> {
            try {
                new YamlPropertySourceLoader().load("test.yml", new ByteArrayResource(document.getBytes()))
                    .forEach((source) -> context.getEnvironment().getPropertySources().addFirst(source));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }).run((context) -> assertThat(context).hasNotFailed().getBean(NetctxProperties.class)
            .extracting((properties) -> properties.listeners().get("tcp").proxyProtocol().name()).isEqualTo(mode));
    }

    @Test
    void severalBadValuesAreReportedTogether() {
        assertThat(failure("netctx.listeners.tcp.port=70000", "netctx.listeners.tcp.max-connections=0").getDescription())
            .contains("netctx.listeners.tcp.port must be 0..65535").contains("netctx.listeners.tcp.max-connections must be at least 1");
    }
}
