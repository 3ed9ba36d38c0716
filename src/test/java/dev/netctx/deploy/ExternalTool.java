package dev.netctx.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool that a check runs when it is installed. Locally a missing tool skips the check;
 * under CI ({@code CI=true}) it fails it, so that a CI run cannot pass without the check.
 */
record ExternalTool(String command, String debianPackage) {

    private static final long TIMEOUT_SECONDS = 60;

    /** The tool's path, or a skipped (locally) or failed (CI) check when it is not on the PATH. */
    Path require() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, this.command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String missing = this.command + " is not installed (Debian package " + this.debianPackage + ")";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(missing + ": .ci/run must install it");
        }
        Assumptions.abort(missing);
        return null;
    }

    /** Runs the tool with the arguments in the project directory; its exit code and output (stdout and stderr). */
    Result run(String... arguments) throws IOException, InterruptedException {
        Path output = Files.createTempFile("netctx-" + this.command, ".out");
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

    /** What a run of the tool gave. */
    record Result(int exitCode, String output) {
    }
}
