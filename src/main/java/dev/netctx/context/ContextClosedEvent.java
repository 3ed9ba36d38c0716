package dev.netctx.context;

import org.springframework.context.ApplicationEvent;

/**
 * A context left the {@link ContextRegistry}: it was closed, for the reason given. Published on the
 * thread that closed it, once per context.
 */
public final class ContextClosedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient ContextInfo context;

    private final String reason;

    ContextClosedEvent(ContextRegistry source, ContextInfo context, String reason) {
        super(source);
        this.context = context;
        this.reason = reason;
    }

    /** The context's final snapshot (bytes moved, when it was opened and last active). */
    public ContextInfo context() {
        return this.context;
    }

    /** Why it was closed: {@code peer closed}, {@code idle timeout}, an mbed TLS error name, ... */
    public String reason() {
        return this.reason;
    }
}
