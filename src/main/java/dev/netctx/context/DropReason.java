package dev.netctx.context;

/** Why a UDP listener received a datagram and did not echo it. */
public enum DropReason {

    /** Its source port is below the listener's {@code min-source-port} (echo, chargen and other services). */
    SOURCE_PORT("source-port"),
    /** Its source address had used up its reply rate, or the table of rate-limited sources was full. */
    RATE_LIMIT("rate-limit"),
    /**
     * Its context's queue on the listener's shared socket was full (a session far behind its peer), or
     * it came from a new peer after the listener had stopped accepting.
     */
    QUEUE_FULL("queue-full"),
    /**
     * It was larger than the largest UDP payload over IPv4 (65,507 bytes): an IPv6 datagram of up to
     * 65,527 bytes, which an echo could not send back whole over every path.
     */
    OVERSIZED("oversized"),
    /** DTLS: the first datagram of a peer was no DTLS ClientHello (garbage, plain text): no answer, no state. */
    NOT_DTLS("not-dtls"),
    /** DTLS: a duplicate of the ClientHello of a handshake already over. */
    STALE("stale");

    private final String tag;

    DropReason(String tag) {
        this.tag = tag;
    }

    /** The reason as reports and metric tags show it, e.g. {@code rate-limit}. */
    public String tag() {
        return this.tag;
    }
}
