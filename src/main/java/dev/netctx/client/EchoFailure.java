package dev.netctx.client;

import java.util.Arrays;

/**
 * Why the client stopped: a message of one line, fit to show as it is, and the exit status that
 * goes with it.
 */
final class EchoFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitStatus;

    private EchoFailure(String message, int exitStatus) {
        super(message, null, false, false);
        this.exitStatus = exitStatus;
    }

    /** The connection failed, was lost, or no echo came in time. */
    static EchoFailure network(String message) {
        return new EchoFailure(message, EchoClientCommand.EXIT_NETWORK);
    }

    /**
     * The echo differs from what was sent: {@code subject} (e.g. {@code Echo of line 3}) followed by
     * where they differ.
     */
    static EchoFailure mismatch(String subject, byte[] sent, byte[] echo) {
        int at = Arrays.mismatch(sent, echo);
        return new EchoFailure(subject + " differs from what was sent (" + sent.length + " bytes sent, " + echo.length
                + " came back, first difference at byte " + at + ")", EchoClientCommand.EXIT_MISMATCH);
    }

    /**
     * This failure, said to have come after {@code echoed} echoes that succeeded, of {@code total}
     * (0 or less: of an open-ended run): {@code FAILED after 212 of 1000 echoes: ...}.
     */
    EchoFailure after(int echoed, int total) {
        String count = (total > 0) ? echoed + " of " + total : Integer.toString(echoed);
        String echoes = ((total > 0) ? total : echoed) == 1 ? " echo: " : " echoes: ";
        return new EchoFailure("FAILED after " + count + echoes + getMessage(), this.exitStatus);
    }

    int exitStatus() {
        return this.exitStatus;
    }
}
