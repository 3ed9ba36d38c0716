package dev.netctx;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.OptionalInt;

import dev.netctx.bench.BenchCommand;
import dev.netctx.cli.StandardStreams;
import dev.netctx.client.EchoClientCommand;
import dev.netctx.hostile.SlowHttpCheck;
import dev.netctx.soak.SoakCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The jar's command line, one picocli command tree: {@code server} (the default), {@code client},
 * {@code bench}, {@code soak} and {@code help}. Every command answers {@code --help} and
 * {@code --version} without starting anything; a wrong command, option or value is a usage error with
 * exit status {@value #EXIT_USAGE}. An option given twice takes its last value.
 *
 * <p>Without a command, or when the first argument is a Spring Boot property ({@code --name=value}),
 * the arguments go to {@code server}, which starts the service.
 */
@Command(name = "netctx.jar", synopsisHeading = "Usage: java -jar ", scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true, versionProvider = NetctxVersion.class, usageHelpWidth = 100,
        sortOptions = false, commandListHeading = "%nCommands:%n",
        description = { "netctx: mbed TLS's net_sockets ported to Java, served as an echo-and-inspect service.",
            "Without a command, or with Spring Boot properties only (--name=value), it starts the service: "
                + "see 'server --help'. 'COMMAND --help' shows a command's options.", "" },
        subcommands = { ServerCommand.class, EchoClientCommand.class, BenchCommand.class, SoakCommand.class,
            SlowHttpCheck.class, HelpCommand.class })
public final class NetctxCommand {

    /** Exit status of a wrong command, option or value. */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    private NetctxCommand() {
    }

    /**
     * Runs {@code args} as {@code java -jar netctx.jar} does, on {@code streams}.
     * @return the exit status, or empty when the service was started and now runs
     */
    public static OptionalInt run(StandardStreams streams, String... args) {
        CommandLine commandLine = commandLine(streams);
        int status = commandLine.execute(withDefaultCommand(commandLine, args));
        ServerCommand server = commandLine.getSubcommands().get("server").getCommand();
        return server.started() ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** The command tree, printing on {@code streams}, its commands created with them. */
    static CommandLine commandLine(StandardStreams streams) {
        CommandLine commandLine = new CommandLine(NetctxCommand.class, new StreamsFactory(streams));
        commandLine.setOut(new PrintWriter(streams.out(), true));
        commandLine.setErr(new PrintWriter(streams.err(), true));
        commandLine.setOverwrittenOptionsAllowed(true); // the last one wins, so that a script's defaults can be overridden
        commandLine.setParameterExceptionHandler(NetctxCommand::usageError);
        commandLine.setExecutionExceptionHandler((ex, cl, parsed) -> {
            cl.getErr().println(cl.getCommandName() + " failed: " + ex);
            return CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine;
    }

    /**
     * {@code args} with {@code server} in front when they name no command: none at all, or a first
     * argument such as {@code --netctx.listeners.tcp.port=4443} that is not an option of the jar itself.
     */
    static String[] withDefaultCommand(CommandLine commandLine, String[] args) {
        boolean property = args.length > 0 && args[0].startsWith("--") && args[0].contains("=")
                && commandLine.getCommandSpec().findOption(args[0].substring(0, args[0].indexOf('='))) == null;
        if (args.length > 0 && !property) {
            return args;
        }
        String[] serverArgs = new String[args.length + 1];
        serverArgs[0] = "server";
        System.arraycopy(args, 0, serverArgs, 1, args.length);
        return serverArgs;
    }

    /** A wrong command, option or value: the error, suggestions for a misspelling, the synopsis and where help is. */
    private static int usageError(ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.print(commandLine.getHelp().fullSynopsis());
        err.println("Try 'java -jar " + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        return EXIT_USAGE;
    }

    /**
     * Creates each command with the streams when it has a constructor taking them, and
     * anything else (mixins, converters, commands without one) as picocli does.
     */
    private record StreamsFactory(StandardStreams streams) implements IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            Constructor<K> withStreams;
            try {
                withStreams = type.getDeclaredConstructor(StandardStreams.class);
            }
            catch (NoSuchMethodException ex) {
                return CommandLine.defaultFactory().create(type);
            }
            withStreams.setAccessible(true);
            return withStreams.newInstance(this.streams);
        }
    }
}
