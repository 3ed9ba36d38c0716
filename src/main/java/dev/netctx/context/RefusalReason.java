package dev.netctx.context;

/** Why a listener turned a connection or a UDP peer away. */
public enum RefusalReason {

    /** The listener already had as many sessions open as it may. */
    MAX_CONNECTIONS("max-connections"),

    /** Its source address already had as many sessions open on the listener as one address may. */
    MAX_CONNECTIONS_PER_SOURCE("max-connections-per-source"),

    /**
     * A source outside {@code netctx.proxy-protocol.trusted-proxies}: connected to a listener whose
     * {@code proxy-protocol} is {@code required}, or sent a PROXY protocol header to an {@code optional} one.
     */
    UNTRUSTED_PROXY("untrusted-proxy"),

    /** A trusted proxy's connection did not start with a valid PROXY protocol header where one was required, or with a malformed one. */
    PROXY_HEADER("proxy-header"),

    /** A PROXY protocol header did not arrive whole within {@code netctx.proxy-protocol.header-timeout}. */
    PROXY_HEADER_TIMEOUT("proxy-header-timeout");

    private final String tag;

    RefusalReason(String tag) {
        this.tag = tag;
    }

    /** The reason as reports and metric tags show it, e.g. {@code max-connections}. */
    public String tag() {
        return this.tag;
    }
}
