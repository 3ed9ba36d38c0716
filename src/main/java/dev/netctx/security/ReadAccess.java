package dev.netctx.security;

/** Who may read over HTTP ({@code netctx.security.read-access}). */
public enum ReadAccess {

    /** Everyone reads (the page, {@code /api/**}, actuator); closing still needs credentials. */
    ANONYMOUS,

    /**
     * Only the configured credentials read; without them only the health status answers (the
     * probes', no details).
     */
    AUTHENTICATED
}
