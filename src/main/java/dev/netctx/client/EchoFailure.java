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

    int exitStatus() {
        return this.exitStatus;
    }
}
