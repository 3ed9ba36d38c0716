package dev.netctx.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.netctx.NetctxCommand;
import dev.netctx.cli.StandardStreams;

/**
 * One run of the jar's command line in-process, as {@code java -jar netctx.jar ARGS} runs it but
 * without the final {@code System.exit}, with scripted standard input: its exit status and what it printed.
 *
 * @param status the exit status
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 */
public record CommandRun(int status, String out, String err) {

    /** Runs {@code args} with {@code stdin} as standard input; fails if they started the service. */
    public static CommandRun of(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StandardStreams streams = new StandardStreams(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int status = NetctxCommand.run(streams, args)
            .orElseThrow(() -> new AssertionError("the arguments started the service: " + List.of(args)));
        return new CommandRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public List<String> outLines() {
        return this.out.lines().toList();
    }

    public List<String> errLines() {
        return this.err.lines().toList();
    }
}
