package dev.netctx.echo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.netctx.testing.ExternalTool;

/**
 * A real proxy (HAProxy, nginx) run by a test in the foreground, with a configuration the test
 * writes under {@code target/}, listening on loopback ports chosen free beforehand. Such tools cannot
 * bind port 0 and report the port, so a port taken meanwhile by someone else fails the start, which
 * is tried again with other ports. Closing it ends the process (its own child: by its handle).
 */
final class ExternalProxy implements AutoCloseable {

    private static final int ATTEMPTS = 5;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;

    private final Path log;

    private final List<Integer> ports;

    private ExternalProxy(Process process, Path log, List<Integer> ports) {
        this.process = process;
        this.log = log;
        this.ports = ports;
    }

    /**
     * Starts {@code tool} with a configuration for {@code portCount} free ports.
     * @param directory where the configuration, logs and pid file go (created)
     * @param configuration writes the configuration for the given ports and returns the tool's arguments
     */
    static ExternalProxy start(ExternalTool tool, Path directory, int portCount,
            Function<List<Integer>, List<String>> configuration) throws IOException, InterruptedException {
        Path command = tool.require();
        Files.createDirectories(directory);
        Path log = directory.resolve("output.log");
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            List<Integer> ports = freePorts(portCount);
            List<String> commandLine = new ArrayList<>(List.of(command.toString()));
            commandLine.addAll(configuration.apply(ports));
            Process process = new ProcessBuilder(commandLine).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ExternalProxy proxy = new ExternalProxy(process, log, ports);
            if (proxy.awaitListening()) {
                return proxy;
            }
            proxy.close();
        }
        throw new AssertionError(tool.command() + " did not start in " + ATTEMPTS + " attempts:\n" + Files.readString(log));
    }

    /** The port the configuration got as its {@code index}th. */
    int port(int index) {
        return this.ports.get(index);
    }

    /** What the tool wrote so far. */
    String output() throws IOException {
        return Files.readString(this.log);
    }

    /** Whether every port accepts a connection before the process ends (a port taken meanwhile ends it) or the timeout. */
    private boolean awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (int port : this.ports) {
            while (!accepts(port)) {
                if (this.process.waitFor(50, TimeUnit.MILLISECONDS) || System.nanoTime() > deadline) {
                    return false;
                }
            }
        }
        return this.process.isAlive();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        }
        finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        this.process.destroy();
        if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
            this.process.destroyForcibly();
            this.process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
