package dev.netctx.context;

import org.springframework.context.ApplicationEvent;

/**
 * A context entered the {@link ContextRegistry}: a listener, a session it accepted, or a client.
 * Published on the thread that opened it, once per context (never on the data path).
 */
public final class ContextOpenedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient ContextInfo context;

    ContextOpenedEvent(ContextRegistry source, ContextInfo context) {
        super(source);
        this.context = context;
    }

    /** The context as it was opened. */
    public ContextInfo context() {
        return this.context;
    }
}
