package dev.netctx.config;

import java.util.Arrays;

import dev.netctx.echo.NetctxProperties;
import dev.netctx.footprint.MemoryProperties;
import dev.netctx.probe.ProbeProperties;
import dev.netctx.security.NetctxSecurityProperties;
import dev.netctx.tomcat.NetctxHttpProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.SimpleCommandLinePropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binds every {@code netctx.*} properties type and runs the unknown-property check, over
 * src/main/resources/application.yml and the given properties, without starting listeners or a web
 * server: milliseconds a case. {@link #analyze} gives the failure report that start-up would print,
 * {@link #failure} that of given settings.
 */
final class NetctxPropertiesRunner {

    private NetctxPropertiesRunner() {
    }

    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(AllNetctxProperties.class);
    }

    /** Adds {@code settings} ({@code name=value}, values kept as written) as command-line arguments would be. */
    static ApplicationContextInitializer<ConfigurableApplicationContext> commandLine(String... settings) {
        String[] arguments = Arrays.stream(settings).map(setting -> "--" + setting).toArray(String[]::new);
        return context -> context.getEnvironment().getPropertySources()
            .addFirst(new SimpleCommandLinePropertySource(arguments));
    }

    /** The failure analysis of netctx's analyzers for {@code failure}, or {@code null} if none applies. */
    static FailureAnalysis analyze(Throwable failure) {
        FailureAnalysis unknown = new UnknownPropertiesFailureAnalyzer().analyze(failure);
        return (unknown != null) ? unknown : new InvalidValueFailureAnalyzer().analyze(failure);
    }

    /** The analysis of the start-up failure that {@code settings} cause, given as command-line arguments are. */
    static FailureAnalysis failure(String... settings) {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        runner().withInitializer(commandLine(settings)).run(context -> {
            assertThat(context).hasFailed();
            analysis[0] = analyze(context.getStartupFailure());
        });
        assertThat(analysis[0]).as("netctx explains the failure").isNotNull();
        return analysis[0];
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ NetctxProperties.class, NetctxSecurityProperties.class, MemoryProperties.class,
            NetctxHttpProperties.class, ProbeProperties.class })
    @Import(ConfigurationCheckConfiguration.class)
    static class AllNetctxProperties {
    }
}
