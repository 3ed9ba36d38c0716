package dev.netctx;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

import dev.netctx.bench.BenchCommand;
import dev.netctx.client.EchoClientCommand;
import dev.netctx.soak.SoakCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The netctx service: echo listeners on {@code dev.netctx.net} contexts, inspectable over HTTP.
 *
 * <p>The jar also runs commands: {@code java -jar netctx.jar COMMAND [options]} runs the command and
 * exits with its status, without starting the service; no argument, {@code server}, or Spring Boot
 * options only ({@code --name=value}) start the service.
 */
@SpringBootApplication
public class NetctxApplication {

    /** The commands besides {@code server}, by name: each takes its arguments and returns an exit status. */
    private static final Map<String, ToIntFunction<String[]>> COMMANDS = Map.of("client", EchoClientCommand::run,
            "bench", BenchCommand::run, "soak", SoakCommand::run);

    /** Exit status of an unknown command. */
    static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        if (args.length == 0 || args[0].startsWith("-") || args[0].equals("server")) {
            String[] serviceArgs = (args.length > 0 && args[0].equals("server")) ? tail(args) : args;
            SpringApplication.run(NetctxApplication.class, serviceArgs);
        }
        else {
            System.exit(runCommand(args[0], tail(args)));
        }
    }

    /** Runs the command {@code name} with {@code args} and returns its exit status. */
    static int runCommand(String name, String... args) {
        ToIntFunction<String[]> command = COMMANDS.get(name);
        if (command == null) {
            System.err.println("Unknown command '" + name + "'. Commands: server (the default), "
                    + String.join(", ", new TreeSet<>(COMMANDS.keySet())) + "; COMMAND --help shows a command's options.");
            return EXIT_USAGE;
        }
        return command.applyAsInt(args);
    }

    private static String[] tail(String[] args) {
        return Arrays.copyOfRange(args, 1, args.length);
    }
}
