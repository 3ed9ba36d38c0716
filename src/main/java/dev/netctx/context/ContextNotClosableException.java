package dev.netctx.context;

/**
 * Thrown when an operator asks to close a listener's context: closing it would end its accept loop
 * for good, so only sessions and clients are closed on request.
 */
public class ContextNotClosableException extends RuntimeException {

    private final transient ContextInfo context;

    ContextNotClosableException(ContextInfo context) {
        super("Context " + context.id() + " is the listening context of listener '" + context.listener()
                + "': only sessions and clients can be closed (stop the service to stop a listener)");
        this.context = context;
    }

    /** The context that was not closed. */
    public ContextInfo context() {
        return this.context;
    }
}
