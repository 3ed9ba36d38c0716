package dev.netctx.echo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

import dev.netctx.NetctxApplication;
import dev.netctx.context.ContextClosedEvent;
import dev.netctx.context.ListenerStartedEvent;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

/**
 * For tests that run netctx as a child process: its {@link #main} starts the service as
 * {@code NetctxApplication} does, with this listener added; given {@code -Dnetctx.test.events=FILE},
 * it writes one line per {@link ListenerStartedEvent}
 * ({@code started NAME PORT}) and per {@link ContextClosedEvent} of a session
 * ({@code closed SESSION REASON}) to that file, which the test reads instead of the log.
 */
public class ChildProcessEvents implements ApplicationListener<ApplicationEvent> {

    /** The system property that names the file. */
    static final String FILE_PROPERTY = "netctx.test.events";

    /** Runs the echo service, as {@code NetctxApplication} without a command does, recording its events. */
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(NetctxApplication.class);
        application.addListeners(new ChildProcessEvents());
        application.run(args);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ListenerStartedEvent started) {
            write("started " + started.name() + " " + ((InetSocketAddress) started.localAddress()).getPort());
        }
        else if (event instanceof ContextClosedEvent closed) {
            write("closed " + closed.context().role() + " " + closed.reason());
        }
    }

    private static synchronized void write(String line) {
        try {
            Files.writeString(Path.of(System.getProperty(FILE_PROPERTY)), line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The complete lines written so far to {@code file}. */
    static List<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file);
        int end = text.lastIndexOf('\n');
        return (end < 0) ? List.of() : text.substring(0, end).lines().toList();
    }

    /** The port of the listener {@code name}, once it started. */
    static Optional<Integer> port(Path file, String name) throws IOException {
        return lines(file).stream().filter(line -> line.startsWith("started " + name + " "))
                .map(line -> Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1))).findFirst();
    }

    /** How many sessions were closed for {@code reason}. */
    static long sessionsClosed(Path file, String reason) throws IOException {
        return lines(file).stream().filter(line -> line.equals("closed SESSION " + reason)).count();
    }
}
