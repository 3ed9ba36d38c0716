package dev.netctx.probe;

/** A probe that cannot run: what is wrong, as the REST API tells it (a problem detail of {@link Kind}'s status). */
public final class ProbeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Kind kind;

    ProbeException(Kind kind, String detail) {
        super(detail);
        this.kind = kind;
    }

    /** Why the probe cannot run. */
    public Kind kind() {
        return this.kind;
    }

    /** Why a probe cannot run. */
    public enum Kind {

        /** The request is malformed or beyond the limits ({@code 400}). */
        BAD_REQUEST,
        /** The probe is off, or the target is not allowed ({@code 403}). */
        FORBIDDEN,
        /** {@code netctx.probe.max-concurrent} probes are running ({@code 429}). */
        BUSY
    }
}
