package dev.netctx.tls;

import java.time.Duration;

/**
 * How a {@link DtlsContext} paces its handshake.
 * @param mtu the largest datagram it sends, IP and UDP headers excluded ({@code mbedtls_ssl_set_mtu};
 * {@code SSLParameters.setMaximumPacketSize}); 0 leaves the JDK's default (a whole record)
 * @param retransmitMin the first retransmission timeout of a handshake flight (mbed TLS's
 * {@code hs_timeout_min}, RFC 6347 §4.2.4: 1 s), doubled after each retransmission
 * @param retransmitMax the largest one (mbed TLS's {@code hs_timeout_max}, RFC 6347: 60 s): a
 * handshake whose timeout would grow past it fails with {@code TIMEOUT}
 * @param handshakeTimeout the longest a handshake may take in all, whatever its retransmissions
 */
public record DtlsSettings(int mtu, Duration retransmitMin, Duration retransmitMax, Duration handshakeTimeout) {

    /** The largest datagram a {@code mtu} may ask for. */
    public static final int MAX_MTU = 65_507;

    /** The smallest a DTLS 1.2 handshake can live with here. */
    public static final int MIN_MTU = 256;

    /** RFC 6347's timers (1 s doubling to 60 s), an MTU for Ethernet paths, and 30 s for a handshake. */
    public static final DtlsSettings DEFAULTS = new DtlsSettings(1400, Duration.ofSeconds(1), Duration.ofSeconds(60),
            Duration.ofSeconds(30));

    public DtlsSettings {
        if (mtu != 0 && (mtu < MIN_MTU || mtu > MAX_MTU)) {
            throw new IllegalArgumentException("an MTU is 0 (the default) or " + MIN_MTU + ".." + MAX_MTU + ", not " + mtu);
        }
        if (retransmitMin.toMillis() < 1 || retransmitMax.compareTo(retransmitMin) < 0 || handshakeTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("retransmission timeouts are 1 ms or more, the maximum at least the minimum,"
                    + " and a handshake timeout is 1 ms or more: " + retransmitMin + ", " + retransmitMax + ", " + handshakeTimeout);
        }
    }
}
