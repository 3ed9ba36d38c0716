package dev.netctx.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM while 100 clients stream: netctx runs as a child process, as in production. New
 * connections are refused at once, open sessions keep echoing during the grace period
 * ({@code spring.lifecycle.timeout-per-shutdown-phase}), then are closed; every client's echo is an
 * exact prefix of what it sent followed by a close, and the process exits.
 */
@Timeout(value = 480, unit = TimeUnit.SECONDS)
class ShutdownUnderLoadTests {

    private static final int CLIENTS = 100;

    private static final Duration GRACE = Duration.ofSeconds(3);

    private static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * How long the child JVM may take to start its TCP listener: generous, as a start took 59 s at a
     * load of 43 on 2 cores. The wait ends as soon as the listener's event is written, and fails at
     * once if the child exits.
     */
    private static final Duration STARTUP = Duration.ofMinutes(5);

    @TempDir
    private Path directory;

    private Path log;

    private Path events;

    private Process server;

    /** Paces the clients to a chunk each every 10 ms (40 MB/s in all), so that a 2-core machine keeps up. */
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

    private final Semaphore chunks = new Semaphore(0);

    @AfterEach
    void killServer() {
        this.pacer.shutdownNow();
        if (this.server != null) {
            this.server.destroyForcibly();
        }
    }

    @Test
    void sigtermRefusesNewConnectionsLetsSessionsFinishTheirGraceAndLosesNoByte() throws Exception {
        int port = startServer();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        List<StreamingClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(new StreamingClient(address, i, this.chunks));
        }
        this.pacer.scheduleAtFixedRate(() -> this.chunks.release(CLIENTS), 0, 10, TimeUnit.MILLISECONDS);
        await("every client gets echoes").atMost(WAIT).until(() -> clients.stream().allMatch(c -> c.verified.get() > 0));

        this.server.destroy();
        await("new connections refused").atMost(WAIT).untilAsserted(() -> assertThatExceptionOfType(ConnectException.class)
                .isThrownBy(() -> new Socket(address.getAddress(), port).close()));
        assertThat(this.server.isAlive()).as("refused while the process still runs its grace period").isTrue();
        long verifiedWhenRefused = total(clients);
        await("sessions keep echoing during the grace period").atMost(WAIT).until(() -> total(clients) > verifiedWhenRefused);

        assertThat(this.server.waitFor(GRACE.plusSeconds(20).toSeconds(), TimeUnit.SECONDS)).as("process exited").isTrue();
        for (StreamingClient client : clients) {
            client.reader.join(WAIT.toMillis());
            assertThat(client.wrongByteAt).as("first wrong byte of client %d", client.index).isEqualTo(-1);
            assertThat(client.verified.get()).as("bytes echoed to client %d", client.index)
                    .isPositive().isLessThanOrEqualTo(client.written.get());
            assertThat(client.end).as("how the echo of client %d ended", client.index).isIn("end of stream", "reset");
        }
        assertThat(ChildProcessEvents.sessionsClosed(this.events, "shutdown")).as("sessions closed when the grace period ended")
                .isEqualTo(CLIENTS);
        // the probes of "new connections refused" that got in before the listener closed are sessions too, which end at once
        String log = Files.readString(this.log);
        Matcher draining = Pattern.compile("Draining (\\d+) session\\(s\\) for at most " + GRACE.toSeconds() + "\\.0 s").matcher(log);
        assertThat(draining.find()).as("the drain line in %s", log).isTrue();
        int drained = Integer.parseInt(draining.group(1));
        assertThat(drained).isBetween(CLIENTS, CLIENTS + 10);
        assertThat(log).contains((drained - CLIENTS) + " session(s) finished, " + CLIENTS + " closed at the timeout");
    }

    private static long total(List<StreamingClient> clients) {
        return clients.stream().mapToLong(client -> client.verified.get()).sum();
    }

    /**
     * Starts netctx as a child JVM on free ports and returns the TCP listener's port, from the
     * {@code started tcp PORT} line its {@link ChildProcessEvents} writes when the listener started.
     */
    private int startServer() throws IOException {
        this.events = this.directory.resolve("events.txt");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-D" + ChildProcessEvents.FILE_PROPERTY + "=" + this.events, "-cp", System.getProperty("java.class.path"),
                ChildProcessEvents.class.getName(),
                "--netctx.listeners.tcp.port=0", "--netctx.listeners.udp.port=0", "--server.port=0", "--management.server.port=0",
                "--spring.lifecycle.timeout-per-shutdown-phase=" + GRACE.toSeconds() + "s");
        // a file, not a pipe: Process.destroy() closes the pipes, and the log of the shutdown matters
        this.log = this.directory.resolve("netctx.log");
        builder.redirectErrorStream(true).redirectOutput(this.log.toFile());
        this.server = builder.start();
        return await("the TCP listener started").atMost(STARTUP).until(this::tcpPort, Optional::isPresent).get();
    }

    private Optional<Integer> tcpPort() throws IOException {
        Optional<Integer> port = ChildProcessEvents.port(this.events, "tcp");
        if (port.isEmpty()) {
            assertThat(this.server.isAlive()).as("server running; its output: %s", Files.readString(this.log)).isTrue();
        }
        return port;
    }

    /** Writes a seeded random stream, a paced chunk at a time, until it cannot, and verifies every echoed byte against the same stream. */
    private static final class StreamingClient {

        private final int index;

        private final Socket socket;

        private final AtomicLong written = new AtomicLong();

        private final AtomicLong verified = new AtomicLong();

        private final Thread reader;

        private final Semaphore chunks;

        private volatile long wrongByteAt = -1;

        private volatile String end = "running";

        StreamingClient(InetSocketAddress server, int index, Semaphore chunks) throws IOException {
            this.index = index;
            this.chunks = chunks;
            this.socket = new Socket();
            this.socket.connect(server, 20_000);
            this.socket.setSoTimeout(60_000);
            Thread writer = new Thread(this::write, "client-writer-" + index);
            writer.setDaemon(true);
            writer.start();
            this.reader = new Thread(this::read, "client-reader-" + index);
            this.reader.setDaemon(true);
            this.reader.start();
        }

        private void write() {
            SplittableRandom stream = new SplittableRandom(this.index);
            byte[] chunk = new byte[4096];
            try {
                OutputStream out = this.socket.getOutputStream();
                while (true) {
                    this.chunks.acquire();
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = (byte) stream.nextInt();
                    }
                    out.write(chunk);
                    this.written.addAndGet(chunk.length);
                }
            }
            catch (IOException ex) {
                // the server closed the connection
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }

        private void read() {
            SplittableRandom stream = new SplittableRandom(this.index);
            byte[] buffer = new byte[8192];
            try (this.socket) {
                InputStream in = this.socket.getInputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] != (byte) stream.nextInt()) {
                            this.wrongByteAt = this.verified.get() + i;
                            this.end = "wrong byte";
                            return;
                        }
                    }
                    this.verified.addAndGet(n);
                }
                this.end = "end of stream";
            }
            catch (SocketException ex) {
                this.end = ex.getMessage().contains("reset") ? "reset" : ex.getMessage();
            }
            catch (IOException ex) {
                this.end = ex.toString();
            }
        }
    }
}
