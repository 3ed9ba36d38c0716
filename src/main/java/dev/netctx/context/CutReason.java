package dev.netctx.context;

/** Why the service ended a session that its peer had not ended, to protect the other sessions. */
public enum CutReason {

    /** Its echo could not be kept: all sessions together already hold {@code netctx.max-unsent} bytes that their peers did not read. */
    UNSENT_LIMIT("unsent-limit"),

    /** Serving it failed unexpectedly (running out of memory, say); the loop that served it goes on. */
    INTERNAL_ERROR("internal-error"),

    /** A UDP peer that had been quiet longest made room in a full session table for a new peer. */
    EVICTED("evicted"),

    /** Its TLS or DTLS handshake failed: a plain-text or garbage peer on a TLS port, say ({@link HandshakeResult}). */
    HANDSHAKE_FAILED("handshake-failed"),

    /** Its TLS or DTLS handshake did not finish within the listener's {@code ssl.handshake-timeout}. */
    HANDSHAKE_TIMEOUT("handshake-timeout");

    private final String tag;

    CutReason(String tag) {
        this.tag = tag;
    }

    /** The reason as reports and metric tags show it, e.g. {@code unsent-limit}. */
    public String tag() {
        return this.tag;
    }
}
