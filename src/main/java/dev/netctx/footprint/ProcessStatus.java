package dev.netctx.footprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The numeric fields of a process's {@code /proc/<pid>/status} (Linux): {@code VmRSS} (its resident
 * set, in KiB), {@code Threads}, and the others. Where there is no such file, every field is empty.
 */
public final class ProcessStatus {

    private final Path file;

    private ProcessStatus(Path file) {
        this.file = file;
    }

    /** This process's status. */
    public static ProcessStatus self() {
        return new ProcessStatus(Path.of("/proc/self/status"));
    }

    /** The status of the process {@code pid}. */
    public static ProcessStatus of(long pid) {
        return new ProcessStatus(Path.of("/proc", Long.toString(pid), "status"));
    }

    /** The resident set size in KiB ({@code VmRSS}). */
    public OptionalLong residentKib() {
        return field("VmRSS");
    }

    /** The number in the field {@code name} (KiB for sizes), empty if the process or field is not there. */
    public OptionalLong field(String name) {
        String prefix = name + ":";
        for (String line : lines()) {
            if (line.startsWith(prefix)) {
                return OptionalLong.of(Long.parseLong(line.substring(prefix.length()).replace("kB", "").trim()));
            }
        }
        return OptionalLong.empty();
    }

    private List<String> lines() {
        try {
            return Files.readAllLines(this.file);
        }
        catch (IOException ex) {
            return List.of();
        }
    }
}
