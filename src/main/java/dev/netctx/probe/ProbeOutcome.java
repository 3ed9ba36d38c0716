package dev.netctx.probe;

import java.util.Locale;

/** How one try of a probe ended. */
public enum ProbeOutcome {

    /** The echo came back byte-exact. */
    OK,
    /** The target refused: TCP RST to the SYN, or an ICMP port unreachable for UDP. */
    REFUSED,
    /** No connection or no full echo within the timeout (a UDP datagram or its echo lost, say). */
    TIMEOUT,
    /** The connection was reset during the echo. */
    RESET,
    /** Something came back, but not the bytes sent (or the peer closed before echoing all of them). */
    MISMATCH,
    /** Another failure, named in the try's detail (no route to the host, say). */
    ERROR;

    /** The outcome as the API and the metrics name it: {@code ok}, {@code refused}, ... */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
