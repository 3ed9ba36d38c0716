package dev.netctx.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The line-by-line client: each line of input is one message, and its echo is printed. Interactive,
 * as the original client, it prompts {@code Enter message:} and prints {@code Response received: ...},
 * until end of input or {@code quit}; scripted, it prints the echoed lines only, until end of input.
 *
 * <p>Bytes pass through untouched (no character decoding): a line is sent with its {@code \n} (over
 * UDP as one datagram), and its echo is printed as it came. An echo that differs from the line ends
 * the session.
 */
final class LineSession {

    private static final byte[] QUIT = "quit".getBytes(StandardCharsets.US_ASCII);

    private final EchoConnection connection;

    private final boolean interactive;

    LineSession(EchoConnection connection, boolean interactive) {
        this.connection = connection;
        this.interactive = interactive;
    }

    /**
     * Reads lines from {@code in} until its end (or {@code quit}, interactively) and echoes each.
     * @throws EchoFailure on the first failed or differing echo, saying how many were echoed before it
     * @throws IOException when {@code in} cannot be read
     */
    void run(InputStream in, PrintStream out) throws EchoFailure, IOException {
        for (int number = 1;; number++) {
            if (this.interactive) {
                out.println("Enter message:");
                out.flush();
            }
            byte[] line = readLine(in);
            if (line == null || (this.interactive && Arrays.equals(line, QUIT))) {
                return;
            }
            byte[] message = frame(line);
            try {
                byte[] echo = this.connection.echo(message);
                print(out, unframe(echo));
                if (!Arrays.equals(echo, message)) {
                    throw EchoFailure.mismatch("Echo of line " + number + " from server at " + this.connection.server(),
                            message, echo);
                }
            }
            catch (EchoFailure ex) {
                throw ex.after(number - 1, 0);
            }
        }
    }

    private void print(PrintStream out, byte[] echoedLine) {
        if (this.interactive) {
            out.print("Response received: ");
        }
        out.write(echoedLine, 0, echoedLine.length);
        out.println();
        out.flush();
    }

    private static byte[] frame(byte[] line) {
        byte[] message = Arrays.copyOf(line, line.length + 1);
        message[line.length] = '\n';
        return message;
    }

    private static byte[] unframe(byte[] echo) {
        boolean framed = echo.length > 0 && echo[echo.length - 1] == '\n';
        return framed ? Arrays.copyOf(echo, echo.length - 1) : echo;
    }

    /** The next line without its terminator ({@code \n} or {@code \r\n}), or {@code null} at end of input. */
    private static byte @Nullable [] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        boolean crlf = bytes.length > 0 && bytes[bytes.length - 1] == '\r';
        return crlf ? Arrays.copyOf(bytes, bytes.length - 1) : bytes;
    }
}
