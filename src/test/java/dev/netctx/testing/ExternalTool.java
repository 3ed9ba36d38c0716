package dev.netctx.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool that a test needs and a machine with only a JDK lacks (a browser, promtool,
 * docker-compose, openssl, ...). The one rule for all of them: where the tool is missing the test is
 * skipped, visibly, with the Debian package to install; under CI ({@code CI=true}, where
 * {@code .ci/run} installs it) it fails, so that a CI run cannot pass without the check.
 *
 * @param command the executable's name, looked up on the {@code PATH}, or an absolute path
 * @param debianPackage the Debian package that provides it
 */
public record ExternalTool(String command, String debianPackage) {

    private static final long TIMEOUT_SECONDS = 60;

    /** The tool's path, or a skipped (locally) or failed (CI) test when it is not installed. */
    public Path require() {
        Path found = find();
        if (found == null) {
            unavailable(this.command + " is not installed (Debian package " + this.debianPackage + ")");
        }
        return found;
    }

    /** Skips the test (locally) or fails it (under CI), saying why; never returns normally. */
    public static void unavailable(String why) {
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(why + ": .ci/run must install it");
        }
        Assumptions.abort(why + ": skipped (install it, as .ci/run does, to run this test)");
    }

    /** Runs the tool with the arguments in the project directory; its exit code and output (stdout and stderr). */
    public Result run(String... arguments) throws IOException, InterruptedException {
        Path output = Files.createTempFile("netctx-" + Path.of(this.command).getFileName(), ".out");
        try {
            List<String> commandLine = new ArrayList<>(List.of(require().toString()));
            commandLine.addAll(List.of(arguments));
            Process process = new ProcessBuilder(commandLine).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", commandLine) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(output));
        }
        finally {
            Files.delete(output);
        }
    }

    private Path find() {
        if (this.command.startsWith("/")) {
            return runnable(Path.of(this.command)) ? Path.of(this.command) : null;
        }
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, this.command);
            if (runnable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    // A regular file: a tool hidden behind /dev/null (as ../shared/tools/jdk-only does) is missing.
    private static boolean runnable(Path candidate) {
        return Files.isRegularFile(candidate) && Files.isExecutable(candidate);
    }

    /** What a run of the tool gave. */
    public record Result(int exitCode, String output) {
    }
}
