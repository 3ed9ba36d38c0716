package dev.netctx.cli;

import picocli.CommandLine.Option;

/**
 * The echo server a load tool drives, a picocli mixin of {@code bench}'s modes and {@code soak}:
 * {@code --host}, {@code --port}, and {@code --server-pid} for the commands that read its memory.
 */
public final class ServerOptions {

    @Option(names = "--host", paramLabel = "<host>", defaultValue = "127.0.0.1",
            description = "the server's address, on loopback (default: ${DEFAULT-VALUE})")
    private String host;

    @Option(names = "--port", paramLabel = "<port>", defaultValue = "4442",
            description = "the server's echo port, 1..65535 (default: ${DEFAULT-VALUE})")
    private int port;

    /** The server's address. */
    public String host() {
        return this.host;
    }

    /** The server's echo port. */
    public int port() {
        return this.port;
    }

    /** The server's process id, {@code --server-pid}: a mixin of the commands that read its memory in {@code /proc}. */
    public static final class Process {

        @Option(names = "--server-pid", paramLabel = "<pid>", defaultValue = "0",
                description = "the server's process id, to read its RSS in /proc (default: 0, not read)")
        private long pid;

        /** The process id, {@code 0} when not given. */
        public long pid() {
            return this.pid;
        }
    }
}
