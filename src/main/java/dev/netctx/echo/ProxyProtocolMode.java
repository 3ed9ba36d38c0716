package dev.netctx.echo;

/** Whether a listener's connections or datagrams start with a PROXY protocol header, {@code netctx.listeners.<name>.proxy-protocol}. */
public enum ProxyProtocolMode {

    /** They do not: every byte is the peer's own, and the peer is the client. */
    OFF,

    /**
     * A trusted proxy may send a header, and may also connect without one (as itself); a header from
     * anyone else is refused. The protocol advises against guessing (proxy-protocol.txt §2): prefer
     * {@link #REQUIRED} where every connection comes through the proxy.
     */
    OPTIONAL,

    /** Every connection comes from a trusted proxy and starts with a valid header; anything else is refused. */
    REQUIRED
}
