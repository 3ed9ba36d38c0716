package dev.netctx.context;

/** The state of a tracked context when its {@link ContextInfo} was taken. */
public enum ContextState {

    /** A listener that is bound and accepting. */
    LISTENING,
    /** A session or client context that is open. */
    OPEN,
    /** Closed: the context has left the registry. */
    CLOSED
}
