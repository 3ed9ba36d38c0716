package dev.netctx.tls;

import java.io.IOException;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A failed {@link TlsContext} operation, carrying the mbed TLS SSL error it maps to; the sibling of
 * {@link dev.netctx.net.NetException}, which the same operations throw for a failure of the
 * transport underneath (a reset connection, say), as mbed TLS passes its net errors through. The
 * message is {@code NAME (-0xNNNN): detail}.
 */
public class TlsException extends IOException {

    private static final long serialVersionUID = 1L;

    private final TlsError error;

    public TlsException(TlsError error, String detail) {
        this(error, detail, null);
    }

    public TlsException(TlsError error, String detail, @Nullable Throwable cause) {
        super(error + (detail.isEmpty() ? "" : ": " + detail), cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The mbed TLS error. */
    public TlsError error() {
        return this.error;
    }

    /** The numeric mbed TLS code, as the C function would have returned it. */
    public int code() {
        return this.error.code();
    }
}
