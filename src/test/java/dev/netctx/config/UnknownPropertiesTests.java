package dev.netctx.config;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static dev.netctx.config.NetctxPropertiesRunner.failure;
import static org.assertj.core.api.Assertions.assertThat;

/** A {@code netctx.*} property that nothing binds stops start-up, naming itself, its origin and the name probably meant. */
class UnknownPropertiesTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "netctx.listeners.tcp.max-conections=5, netctx.listeners.tcp.max-connections",
            "netctx.securty.token=x, netctx.security.token",
            "netctx.listeners.udp.udp-rate-limit.brust=9, netctx.listeners.udp.udp-rate-limit.burst",
            "netctx.listeners.udp.udp-rate-limits.burst=9, netctx.listeners.udp.udp-rate-limit.burst",
            "netctx.listener.tcp.port=0, netctx.listeners.tcp.port",
            "netctx.trusted-network=10.0.0.0/8, netctx.trusted-networks",
            "netctx.memory.release-after-statrup=false, netctx.memory.release-after-startup",
            "netctx.listeners.extra.bind-adress=::1, netctx.listeners.extra.bind-address" })
    void aMisspeltPropertyIsNamedWithItsOriginAndTheNearestValidName(String setting, String meant) {
        String misspelt = setting.substring(0, setting.indexOf('='));
        FailureAnalysis analysis = failure(setting);
        assertThat(analysis.getDescription()).contains("    " + misspelt + ": did you mean " + meant + "?"
                + System.lineSeparator() + "        (\"" + misspelt + "\" from property source \"commandLineArgs\")");
        assertThat(analysis.getAction()).contains("docs/configuration.md");
    }

    @Test
    void aNameInAnotherFormIsNamedInBootsCanonicalFormWithItsOriginalSpelling() {
        assertThat(failure("netctx.listeners.tcp.maxConections=5").getDescription())
            .contains("netctx.listeners.tcp.maxconections: did you mean netctx.listeners.tcp.max-connections?")
            .contains("(\"netctx.listeners.tcp.maxConections\" from property source \"commandLineArgs\")");
    }

    @Test
    void aNameFarFromAnyValidOneIsNamedWithoutAGuess() {
        assertThat(failure("netctx.colour=blue").getDescription()).contains("    netctx.colour" + System.lineSeparator())
            .doesNotContain("did you mean");
    }

    @Test
    void everyUnknownPropertyIsNamedAtOnce() {
        assertThat(failure("netctx.securty.token=x", "netctx.listeners.tcp.idle=5s").getDescription())
            .contains("netctx.securty.token").contains("netctx.listeners.tcp.idle");
    }

    @Test
    void aValueBelowAPlainValueIsUnknown() {
        assertThat(failure("netctx.listeners.tcp.port.number=1").getDescription())
            .contains("    netctx.listeners.tcp.port.number" + System.lineSeparator());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "netctx=5, netctx.", "netctx.listeners=abc, netctx.listeners.tcp.protocol",
            "netctx.listeners.tcp=abc, netctx.listeners.tcp.protocol",
            "netctx.listeners.udp.udp-rate-limit=5, netctx.listeners.udp.udp-rate-limit.rate",
            "netctx.security=x, netctx.security.username" })
    void aValueGivenToAGroupOfPropertiesIsNamedWithOneOfItsProperties(String setting, String example) {
        String name = setting.substring(0, setting.indexOf('='));
        assertThat(failure(setting).getDescription())
            .contains("    " + name + ": it holds properties, not a value, such as " + example);
    }

    @Test
    void anEmptyGroupIsNoMistake() {
        NetctxPropertiesRunner.runner()
            .withPropertyValues("spring.config.location=classpath:application.yml,classpath:dev/netctx/config/empty-group.yml")
            .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aPropertyOfTheYamlFileIsNamedWithItsLine() {
        NetctxPropertiesRunner.runner()
            .withPropertyValues("spring.config.location=classpath:dev/netctx/config/misspelt.yml")
            .run(context -> assertThat(NetctxPropertiesRunner.analyze(context.getStartupFailure()).getDescription())
                .contains("netctx.listeners.tcp.max-conections: did you mean netctx.listeners.tcp.max-connections?")
                .contains("(class path resource [dev/netctx/config/misspelt.yml] - 4:23)"));
    }

    @Test
    void everyValidNameInAnyFormIsAccepted() {
        NetctxPropertiesRunner.runner()
            .withInitializer(NetctxPropertiesRunner.commandLine("netctx.listeners.tcp.protocol=tcp",
                    "netctx.listeners.tcp.bind-address=::1", "netctx.listeners.tcp.port=0",
                    "netctx.listeners.tcp.buffer-size=1KB", "netctx.listeners.tcp.idle-timeout=1m",
                    "netctx.listeners.tcp.maxConnections=5", "netctx.listeners.tcp.min_source_port=0",
                    "netctx.listeners.udp.udp-rate-limit.rate=1", "netctx.listeners.udp.udp-rate-limit.burst=1",
                    "netctx.listeners.udp.udp-rate-limit.max-sources=1", "netctx.trusted-networks[0]=10.0.0.0/8",
                    "netctx.trusted-networks[1]=::1", "netctx.security.username=u", "netctx.security.password=p",
                    "netctx.security.token=t", "netctx.memory.release-after-startup=false"))
            .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theEnvironmentAndSystemPropertiesAreSharedWithOtherProgramsAndNotChecked() {
        NetctxPropertiesRunner.runner()
            .withInitializer(context -> {
                var sources = context.getEnvironment().getPropertySources();
                sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new MapPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("NETCTX_HOST_ADDRESS", "0.0.0.0")));
                sources.replace(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, new MapPropertySource(
                        StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, Map.of("netctx.browser-tests", "skip")));
            })
            .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void nearestNameNeedsFewEdits() {
        List<String> valid = List.of("netctx.listeners.tcp.port", "netctx.listeners.tcp.max-connections");
        assertThat(NearestName.of("netctx.listeners.tcp.prot", valid)).contains("netctx.listeners.tcp.port");
        assertThat(NearestName.of("netctx.zzz", valid)).isEmpty();
        assertThat(NearestName.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(NearestName.distance("", "abc")).isEqualTo(3);
    }
}
