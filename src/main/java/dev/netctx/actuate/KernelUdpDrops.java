package dev.netctx.actuate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The datagrams the kernel dropped for this process's unconnected UDP sockets on a port, because
 * their receive buffer was full: the {@code drops} column of Linux's {@code /proc/net/udp} and
 * {@code /proc/net/udp6}, for the lines of that local port owned by this process's user. Those
 * datagrams never reach netctx, so no other counter sees them. Where the files do not exist (not
 * Linux), {@link #isAvailable()} is false.
 */
final class KernelUdpDrops {

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));

    /** {@code st} of a socket that is not connected: {@code TCP_CLOSE}, as the kernel shows UDP. */
    private static final String UNCONNECTED = "07";

    private final List<Path> tables;

    private final @Nullable String uid;

    KernelUdpDrops() {
        this(TABLES, ownUid(Path.of("/proc/self/status")));
    }

    KernelUdpDrops(List<Path> tables, String uid) {
        this.tables = tables;
        this.uid = uid;
    }

    boolean isAvailable() {
        return this.uid != null && Files.isReadable(this.tables.get(0));
    }

    /** Datagrams dropped so far by the kernel for this process's sockets bound to {@code port}. */
    long drops(int port) {
        String hexPort = String.format(":%04X", port);
        long drops = 0;
        for (Path table : this.tables) {
            for (String line : lines(table)) {
                String[] fields = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
                if (fields.length >= 13 && fields[1].endsWith(hexPort) && UNCONNECTED.equals(fields[3])
                        && this.uid.equals(fields[7])) {
                    drops += Long.parseLong(fields[12]);
                }
            }
        }
        return drops;
    }

    private static List<String> lines(Path table) {
        try {
            List<String> lines = Files.readAllLines(table);
            return lines.isEmpty() ? lines : lines.subList(1, lines.size());
        }
        catch (IOException ex) {
            return List.of();
        }
    }

    /** The real user id of this process ({@code Uid:} of /proc/self/status), or {@code null}. */
    private static @Nullable String ownUid(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[0];
                }
            }
        }
        catch (IOException ex) {
            // not Linux
        }
        return null;
    }
}
