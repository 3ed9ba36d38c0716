package dev.netctx.echo;

import java.time.Duration;

import dev.netctx.tls.DtlsSettings;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.Errors;

/**
 * DTLS on a {@code udp} listener with {@code ssl.bundle}, {@code netctx.listeners.<name>.ssl.dtls}.
 * @param mtu Largest datagram a DTLS session sends, IP and UDP headers excluded (mbed TLS's
 * mbedtls_ssl_set_mtu): handshake flights are split to fit. 256 to 65507.
 * @param retransmitMin First retransmission timeout of a handshake flight (RFC 6347: 1s, mbed TLS's
 * hs_timeout_min); it doubles after each retransmission.
 * @param retransmitMax Largest retransmission timeout (RFC 6347: 60s, mbed TLS's hs_timeout_max): a
 * handshake whose timeout would grow past it fails, as does one that takes longer than
 * ssl.handshake-timeout.
 * @param cookieLifetime How long the cookie of a HelloVerifyRequest is good for (mbed TLS: 60s); the
 * secret that signs cookies changes as often.
 */
public record DtlsProperties(@DefaultValue("1400") int mtu, @DefaultValue("1s") Duration retransmitMin,
        @DefaultValue("60s") Duration retransmitMax, @DefaultValue("60s") Duration cookieLifetime) {

    /** The settings of the listener's DTLS contexts, with the listener's {@code handshakeTimeout}. */
    DtlsSettings settings(Duration handshakeTimeout) {
        return new DtlsSettings(this.mtu, this.retransmitMin, this.retransmitMax, handshakeTimeout);
    }

    /** Checks the values; {@code prefix} is {@code listeners.<name>.ssl.dtls.}. */
    static void validate(DtlsProperties dtls, String prefix, Errors errors) {
        if (dtls.mtu() < DtlsSettings.MIN_MTU || dtls.mtu() > DtlsSettings.MAX_MTU) {
            errors.rejectValue(prefix + "mtu", "range", "must be " + DtlsSettings.MIN_MTU + " to " + DtlsSettings.MAX_MTU
                    + " bytes (1400 suits Ethernet paths)");
        }
        if (dtls.retransmitMin().toMillis() < 1) {
            errors.rejectValue(prefix + "retransmit-min", "range", "must be 1ms or more, such as 1s");
        }
        if (dtls.retransmitMax().compareTo(dtls.retransmitMin()) < 0) {
            errors.rejectValue(prefix + "retransmit-max", "range", "must be at least retransmit-min, such as 60s");
        }
        if (dtls.cookieLifetime().getSeconds() < 1) {
            errors.rejectValue(prefix + "cookie-lifetime", "range", "must be 1s or more, such as 60s");
        }
    }
}
