package dev.netctx.echo;

import dev.netctx.net.NetException;

/** A configured listener could not bind at start-up (address in use, unknown host, no permission). */
class ListenerBindException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String listener;

    ListenerBindException(String listener, String description, NetException cause) {
        super("Listener '" + listener + "' (netctx.listeners." + listener + ") cannot listen on " + description + ": "
                + cause.getMessage(), cause);
        this.listener = listener;
    }

    /** The listener's name. */
    String listener() {
        return this.listener;
    }

    /** The mbed TLS error that bind reported. */
    NetException netException() {
        return (NetException) getCause();
    }
}
