package dev.netctx;

import dev.netctx.cli.StandardStreams;
import dev.netctx.testing.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar's command tree, run in-process through picocli as {@code java -jar netctx.jar ...} runs it
 * (without the final {@code System.exit}): help and version answer without starting the service, and
 * a wrong command or option is a usage error with exit status 2.
 */
class NetctxCommandTests {

    @ParameterizedTest
    @ValueSource(strings = { "--help", "-h", "help" })
    void helpListsEveryCommandAndExitsWithZero(String help) {
        CommandRun run = CommandRun.of("", help);

        assertThat(run.out()).startsWith("Usage: java -jar netctx.jar [-hV] [COMMAND]")
            .contains("server", "client", "bench", "soak", "help", "-V, --version", "Spring Boot properties only");
        assertThat(run.err()).isEmpty();
        assertThat(run.status()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = { "--version", "-V" })
    void versionPrintsTheBuildsVersionAndExitsWithZero(String version) {
        CommandRun run = CommandRun.of("", version);

        assertThat(run.outLines()).hasSize(2);
        assertThat(run.outLines().get(0)).matches("netctx \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(built .+\\)");
        assertThat(run.outLines().get(1)).startsWith("Spring Boot 4.").contains(", Java " + Runtime.version());
        assertThat(run.status()).isZero();
    }

    @Test
    void everyCommandAnswersVersionToo() {
        assertThat(CommandRun.of("", "client", "--version").out()).startsWith("netctx ");
        assertThat(CommandRun.of("", "bench", "tcp", "--version").status()).isZero();
    }

    @Test
    void serverHelpExplainsTheSpringBootPropertiesWithoutStartingTheService() {
        CommandRun run = CommandRun.of("", "server", "--help");

        assertThat(run.out()).startsWith("Starts the service (the default command).").contains("Usage: java -jar netctx.jar [server] [--<property>=<value>...]")
            .contains("--netctx.listeners.tcp.port=4443", "docs/configuration.md", "Spring Boot properties");
        assertThat(run.status()).isZero();
    }

    @Test
    void unknownCommandSuggestsTheNearestAndExitsWithTwo() {
        CommandRun run = CommandRun.of("", "clinet");

        assertThat(run.errLines().get(0)).isEqualTo("Unmatched argument at index 0: 'clinet'");
        assertThat(run.err()).contains("Did you mean: netctx.jar client?", "Try 'java -jar netctx.jar --help'");
        assertThat(run.out()).isEmpty();
        assertThat(run.status()).isEqualTo(NetctxCommand.EXIT_USAGE);
    }

    @Test
    void unknownOptionOfTheJarIsAUsageError() {
        CommandRun run = CommandRun.of("", "--hepl");

        assertThat(run.errLines().get(0)).isEqualTo("Unknown option: '--hepl'");
        assertThat(run.err()).contains("--help");
        assertThat(run.status()).isEqualTo(NetctxCommand.EXIT_USAGE);
    }

    @Test
    void unknownOptionOfACommandNamesTheCommandsHelp() {
        CommandRun run = CommandRun.of("", "soak", "--warm-up", "1s");

        assertThat(run.errLines().get(0)).startsWith("Unknown options: '--warm-up', '1s'");
        assertThat(run.err()).contains("--warmup", "Try 'java -jar netctx.jar soak --help'");
        assertThat(run.status()).isEqualTo(NetctxCommand.EXIT_USAGE);
    }

    @Test
    void serverArgumentsMustBeProperties() {
        CommandRun run = CommandRun.of("", "server", "--netctx.listeners.tcp.port", "4443");

        assertThat(run.errLines().get(0)).isEqualTo("The server takes Spring Boot properties as --<property>=<value>, "
                + "got '4443' (JVM options such as -Xmx go before -jar)");
        assertThat(run.status()).isEqualTo(NetctxCommand.EXIT_USAGE);
    }

    @Test
    void argumentsWithoutACommandGoToTheServerWhenTheyAreProperties() {
        CommandLine commandLine = NetctxCommand.commandLine(StandardStreams.system());

        assertThat(NetctxCommand.withDefaultCommand(commandLine, new String[0])).containsExactly("server");
        assertThat(NetctxCommand.withDefaultCommand(commandLine, new String[] { "--server.port=0", "--debug" }))
            .containsExactly("server", "--server.port=0", "--debug");
        assertThat(NetctxCommand.withDefaultCommand(commandLine, new String[] { "--help" })).containsExactly("--help");
        assertThat(NetctxCommand.withDefaultCommand(commandLine, new String[] { "--version=x" })).containsExactly("--version=x");
        assertThat(NetctxCommand.withDefaultCommand(commandLine, new String[] { "client", "tcp" })).containsExactly("client", "tcp");
    }
}
