package dev.netctx.context;

/** Why a listener turned a connection or a UDP peer away. */
public enum RefusalReason {

    /** The listener already had as many sessions open as it may. */
    MAX_CONNECTIONS("max-connections"),

    /** Its source address already had as many sessions open on the listener as one address may. */
    MAX_CONNECTIONS_PER_SOURCE("max-connections-per-source");

    private final String tag;

    RefusalReason(String tag) {
        this.tag = tag;
    }

    /** The reason as reports and metric tags show it, e.g. {@code max-connections}. */
    public String tag() {
        return this.tag;
    }
}
