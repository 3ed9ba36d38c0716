package dev.netctx.net;

import java.io.IOException;
import java.util.Objects;

/**
 * A failed {@link NetContext} operation, carrying the mbed TLS error it maps to. The message is
 * {@code NAME (-0x00NN): detail}, so that it can be shown to a user as one line.
 */
public class NetException extends IOException {

    private static final long serialVersionUID = 1L;

    private final NetError error;

    public NetException(NetError error, String detail) {
        this(error, detail, null);
    }

    public NetException(NetError error, String detail, Throwable cause) {
        super(error + (detail == null || detail.isEmpty() ? "" : ": " + detail), cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The mbed TLS error. */
    public NetError error() {
        return this.error;
    }

    /** The numeric mbed TLS code, as the C function would have returned it. */
    public int code() {
        return this.error.code();
    }
}
