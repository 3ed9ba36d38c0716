package dev.netctx.echo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Running out of heap never leaves a process alive and deaf. netctx runs as a child JVM with a small
 * heap, {@code netctx.max-unsent} set close to all of it (a misconfiguration: the default is a
 * quarter) and a small {@code send-buffer-size}, and peers that never read their echo exhaust the
 * heap: the sessions whose buffers do not fit are cut ({@code internal-error}) and the event loops go
 * on, so a new peer still gets its echo.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OutOfMemoryTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final int MAX_STALLED = 1_500;

    @TempDir
    private Path directory;

    private Path log;

    private Path events;

    private Process server;

    private final StalledReaders stalled = new StalledReaders();

    @AfterEach
    void stop() throws IOException {
        Files.copy(this.log, Path.of("/tmp/oom-child.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        this.stalled.close();
        if (this.server != null) {
            this.server.destroyForcibly();
        }
    }

    @Test
    void afterRunningOutOfHeapTheServiceStillEchoes() throws Exception {
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), startServer());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (this.stalled.size() < MAX_STALLED && System.nanoTime() < deadline && !ranOutOfHeap()) {
            this.stalled.add(50, null, server, Duration.ofSeconds(10));
        }
        assertThat(ranOutOfHeap()).as("the heap ran out within %d peers (%d opened); log: %s", MAX_STALLED, this.stalled.size(), Files.readString(this.log))
            .isTrue();
        this.stalled.close();
        await("a new peer's echo after the heap ran out").atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            try (Peers.Tcp peer = Peers.tcp(server)) {
                assertThat(peer.echo("still here".getBytes())).asString().isEqualTo("still here");
            }
        });
        assertThat(this.server.isAlive()).isTrue();
        assertThat(Files.readString(this.log)).as("no thread of netctx's died")
            .doesNotContain("Exception in thread \"netctx-").doesNotContain("thread \"netctx-tcp");
    }

    private boolean ranOutOfHeap() throws IOException {
        return Files.readString(this.log).contains("OutOfMemoryError");
    }

    private int startServer() throws IOException {
        this.events = this.directory.resolve("events.txt");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-D" + ChildProcessEvents.FILE_PROPERTY + "=" + this.events, "-cp",
                System.getProperty("java.class.path"), ChildProcessEvents.class.getName(),
                "--netctx.listeners.tcp.port=0", "--netctx.listeners.udp.port=0", "--server.port=0",
                "--management.server.port=0", "--netctx.max-unsent=56MB", "--netctx.listeners.tcp.buffer-size=1MB",
                "--netctx.listeners.tcp.send-buffer-size=8KB", "--netctx.memory.release-after-startup=false");
        this.log = this.directory.resolve("netctx.log");
        builder.redirectErrorStream(true).redirectOutput(this.log.toFile());
        this.server = builder.start();
        return await("the TCP listener started").atMost(WAIT).until(this::tcpPort, Optional::isPresent).get();
    }

    private Optional<Integer> tcpPort() throws IOException {
        Optional<Integer> port = ChildProcessEvents.port(this.events, "tcp");
        if (port.isEmpty()) {
            assertThat(this.server.isAlive()).as("server running; its output: %s", Files.readString(this.log)).isTrue();
        }
        return port;
    }
}
