package dev.netctx.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tool driven through its standard input as a person would (a TLS client such as
 * {@code openssl s_client}): lines go in one at a time, each once the output shows what the test
 * waits for; the output (stdout and stderr) is collected as it comes. Every wait is bounded.
 */
public final class InteractiveRun implements AutoCloseable {

    private final Process process;

    private final OutputStream stdin;

    private final StringBuffer output = new StringBuffer();

    private final Thread reader;

    private InteractiveRun(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.reader = new Thread(() -> copy(process.getInputStream()), "interactive-run-output");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Starts {@code tool} with {@code arguments}. */
    public static InteractiveRun start(Path tool, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(tool.toString()));
        command.addAll(List.of(arguments));
        return new InteractiveRun(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Writes a line to the tool's standard input. */
    public InteractiveRun send(String line) throws IOException {
        this.stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        this.stdin.flush();
        return this;
    }

    /** Waits at most {@code timeoutMillis} until the output contains {@code text}; fails with the output otherwise. */
    public InteractiveRun await(String text, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (this.output) {
            while (this.output.indexOf(text) < 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || (!this.process.isAlive() && !this.reader.isAlive())) {
                    throw new AssertionError("no '" + text + "' in the output of " + this.process.info().command().orElse("the tool")
                            + (this.process.isAlive() ? "" : " (exited " + this.process.exitValue() + ")") + ":\n" + this.output);
                }
                this.output.wait(Math.min(left, 100));
            }
        }
        return this;
    }

    /** Closes standard input and waits at most {@code timeoutMillis} for the exit status. */
    public int finish(long timeoutMillis) throws IOException, InterruptedException {
        this.stdin.close();
        if (!this.process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            this.process.destroyForcibly();
            throw new AssertionError("did not exit in " + timeoutMillis + " ms after its input ended:\n" + this.output);
        }
        this.reader.join(timeoutMillis);
        return this.process.exitValue();
    }

    /** Everything the tool printed so far. */
    public String output() {
        return this.output.toString();
    }

    @Override
    public void close() {
        this.process.destroyForcibly();
    }

    private void copy(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (this.output) {
                    this.output.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    this.output.notifyAll();
                }
            }
        }
        catch (IOException ex) {
            // the process ended
        }
        finally {
            synchronized (this.output) {
                this.output.notifyAll();
            }
        }
    }
}
