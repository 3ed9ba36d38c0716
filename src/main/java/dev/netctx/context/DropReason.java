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
    /**
     * An info listener's answer would have been larger than the datagram, and its source is not in
     * {@code netctx.trusted-networks}: answering would make the listener an amplifier for spoofed sources.
     */
    AMPLIFICATION("amplification"),
    /**
     * It came from a source outside {@code netctx.proxy-protocol.trusted-proxies} to a listener whose
     * {@code proxy-protocol} is {@code required}, or carried a PROXY protocol header to an {@code optional} one.
     */
    UNTRUSTED_PROXY("untrusted-proxy"),
    /** A trusted proxy's datagram had no valid PROXY protocol v2 header where one was required, or a malformed one. */
    PROXY_HEADER("proxy-header"),
    /**
     * Its listener's impairment would have held it back (delayed, duplicated or reordered) while the
     * listener already held as many datagrams as it may.
     */
    IMPAIRMENT_BACKLOG("impairment-backlog"),
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
