package dev.netctx.tls;

import java.util.concurrent.TimeUnit;

/**
 * The retransmission timer of one DTLS handshake, as mbed TLS runs it through
 * {@code mbedtls_ssl_set_timer_cb} and {@code mbedtls_ssl_conf_handshake_timeout} (RFC 6347
 * §4.2.4): each flight sent (re)starts it with the current timeout; when it runs out the flight is
 * sent again and the timeout doubles; the peer's next flight resets the timeout to the first one. A
 * timeout that would grow past the largest, or the handshake timeout, ends the handshake.
 */
final class DtlsTimer {

    /** What to do when nothing came from the peer. */
    enum Silence {
        /** Keep waiting: the timer has not run out. */
        WAIT,
        /** Send the last flight again. */
        RETRANSMIT,
        /** Give the handshake up: {@code MBEDTLS_ERR_SSL_TIMEOUT}. */
        GIVE_UP
    }

    private final DtlsSettings settings;

    private long timeoutMillis;

    private long deadline;

    private long started;

    private long giveUp;

    DtlsTimer(DtlsSettings settings) {
        this.settings = settings;
        reset();
    }

    /** The handshake starts now. */
    void start(long nowNanos) {
        this.started = nowNanos;
        this.giveUp = nowNanos + this.settings.handshakeTimeout().toNanos();
    }

    /** No handshake: as new. */
    void reset() {
        this.started = 0;
        this.deadline = 0;
        this.timeoutMillis = this.settings.retransmitMin().toMillis();
    }

    boolean isRunning() {
        return this.started != 0;
    }

    long startedNanos() {
        return this.started;
    }

    /** A datagram of a flight went out: the peer has the current timeout to answer. */
    void flightSent(long nowNanos) {
        this.deadline = nowNanos + TimeUnit.MILLISECONDS.toNanos(this.timeoutMillis);
    }

    /** A flight of the peer's came: the next timeout is the first one again. */
    void peerFlightArrived() {
        this.timeoutMillis = this.settings.retransmitMin().toMillis();
    }

    /** Nothing came from the peer by {@code nowNanos}. */
    Silence silence(long nowNanos) {
        if (nowNanos - this.giveUp >= 0) {
            return Silence.GIVE_UP;
        }
        if (this.deadline == 0 || nowNanos - this.deadline < 0) {
            return Silence.WAIT;
        }
        this.timeoutMillis *= 2;
        return (this.timeoutMillis > this.settings.retransmitMax().toMillis()) ? Silence.GIVE_UP : Silence.RETRANSMIT;
    }

    /** When the timer or the handshake timeout runs out, whichever is first ({@link System#nanoTime()}). */
    long deadlineNanos() {
        return (this.deadline == 0 || this.giveUp - this.deadline < 0) ? this.giveUp : this.deadline;
    }

    /** Milliseconds until {@link #deadlineNanos()}, at least 1. */
    long waitMillis(long nowNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos() - nowNanos));
    }
}
