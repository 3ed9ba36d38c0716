package dev.netctx.cli;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The streams a command reads and prints on: {@link #system()} in the jar, buffers in tests. The
 * client writes echoed bytes as they came, so commands get byte streams rather than writers.
 *
 * @param in standard input
 * @param out standard output
 * @param err standard error
 */
public record StandardStreams(InputStream in, PrintStream out, PrintStream err) {

    /** The process's own standard streams. */
    public static StandardStreams system() {
        return new StandardStreams(System.in, System.out, System.err);
    }
}
