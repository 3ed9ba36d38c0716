package dev.netctx.proxy;

/** A PROXY protocol header that does not match the specification; the message says how. */
public final class ProxyProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    ProxyProtocolException(String message) {
        super(message);
    }
}
