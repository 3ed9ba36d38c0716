package dev.netctx.context;

/** What a tracked context is for. */
public enum ContextRole {

    /** A bound context that accepts connections (TCP) or new peers (UDP). */
    LISTENER,
    /** A context accepted by a listener: one TCP connection or one UDP peer. */
    SESSION,
    /** A context this process connected to a server. */
    CLIENT
}
