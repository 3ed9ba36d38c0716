package dev.netctx.echo;

/** What a listener answers, {@code netctx.listeners.<name>.mode}. */
public enum ListenerMode {

    /** Every byte back, byte-exact (RFC 862). */
    ECHO,
    /**
     * One JSON line about the connection or datagram instead of the bytes: who answered, the client as
     * seen, the local address, the bytes so far ({@link InfoAnswer}).
     */
    INFO
}
