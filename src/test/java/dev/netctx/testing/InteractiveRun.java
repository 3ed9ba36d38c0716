package dev.netctx.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Runs a client tool that talks to a server from its standard input ({@code openssl s_client},
 * {@code gnutls-cli}): writes {@code input}, waits until its output shows {@code expected} (the
 * echo), then closes its input, which ends the session the tool's way, and collects what it printed
 * (stdout and stderr). Every wait is bounded.
 */
public final class InteractiveRun {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private InteractiveRun() {
    }

    /** The tool's output once {@code expected} appeared in it and the tool ended after its input closed. */
    public static String run(Path tool, String input, String expected, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), output));
        reader.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
            in.flush();
            await(String.join(" ", command) + " to show " + expected).atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> text(output).contains(expected) || !process.isAlive());
        }
        finally {
            if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            reader.join(WAIT.toMillis());
        }
        return text(output);
    }

    private static String text(ByteArrayOutputStream output) {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = from.read(buffer)) > 0) {
                synchronized (to) {
                    to.write(buffer, 0, read);
                }
            }
        }
        catch (IOException ex) {
            // the process ended
        }
    }
}
