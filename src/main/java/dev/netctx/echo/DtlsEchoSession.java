package dev.netctx.echo;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import dev.netctx.context.CutReason;
import dev.netctx.context.DropReason;
import dev.netctx.context.HandshakeResult;
import dev.netctx.context.TrackedContext;
import dev.netctx.net.NetException;
import dev.netctx.tls.DtlsClientHello;
import dev.netctx.tls.DtlsContext;
import dev.netctx.tls.DtlsHelloVerifier;
import dev.netctx.tls.TlsBio;
import dev.netctx.tls.TlsError;
import dev.netctx.tls.TlsException;
import org.jspecify.annotations.Nullable;

/**
 * Echoes one DTLS peer of a {@code udp} listener with {@code ssl.bundle}, driven by the listener's
 * thread as a {@link UdpEchoSession} is: each datagram the thread received for it is handed to its
 * {@link DtlsContext} (which sends the handshake's flights and retransmissions), and each record of
 * application data goes back as a record of its own, never larger. The reply rate limit of its
 * source applies to every datagram, handshake or data.
 *
 * <p>A ClientHello at epoch 0 with a new client random is a peer that restarted on the same address
 * and port (RFC 6347 §4.2.8): with a valid cookie of this listener, the old DTLS session is dropped
 * and a new one starts on the same context ({@code mbedtls_ssl_session_reset}); without one it is
 * answered with a HelloVerifyRequest and the old session goes on, so that a spoofed ClientHello
 * cannot end it. A ClientHello with the current random and a cookie is the handshake's own (a
 * retransmission, or the one with the engine's cookie) until the handshake is over; a stale
 * duplicate after it, or one without a cookie (a late copy of the first), is dropped.
 */
final class DtlsEchoSession extends UdpEchoSession implements TlsBio {

    private final DtlsService service;

    private final InetSocketAddress peer;

    private @Nullable DtlsContext dtls;

    private byte @Nullable [] clientRandom;

    /** The datagram being handed over to the context, or {@code null}. */
    private @Nullable ByteBuffer pending;

    /** The timer deadline this session is queued for in its {@link DtlsService}, 0 for none. */
    long scheduled;

    DtlsEchoSession(TrackedContext context, long idleTimeoutNanos, EchoSessions sessions, SourceSlots.Slot slot,
            @Nullable SourceRateLimiter limiter, InetSocketAddress peer, DtlsService service, DatagramImpairment impairment) {
        super(context, idleTimeoutNanos, sessions, slot, limiter, peer.getAddress(), null, impairment);
        this.peer = peer;
        this.service = service;
    }

    /** The DTLS context of the current handshake or session, {@code null} before the first ClientHello. */
    @Nullable DtlsContext dtls() {
        return this.dtls;
    }

    @Override
    void echo(ByteBuffer datagram) {
        this.context.received(datagram.remaining());
        if (!mayAnswer()) {
            return;
        }
        DtlsClientHello hello = DtlsClientHello.parse(datagram);
        if ((hello != null) ? !admitHello(hello, datagram) : this.dtls == null) {
            return;
        }
        this.pending = datagram;
        try {
            serve();
        }
        finally {
            this.pending = null;
            this.service.schedule(this);
        }
    }

    /** The timer of the handshake ran out: retransmit, or give up. */
    void timerExpired() {
        serve();
        this.service.schedule(this);
    }

    /** Whether the context is to have this ClientHello; starts a new session for a verified new one. */
    private boolean admitHello(DtlsClientHello hello, ByteBuffer datagram) {
        if (this.clientRandom != null && hello.hasRandom(this.clientRandom)) {
            // a late copy of the first ClientHello (no cookie) would restart the engine's transcript
            if (this.dtls.isHandshakeOver() || hello.cookieLength() == 0) {
                this.context.dropped(DropReason.STALE);
                return false;
            }
            return true;
        }
        ByteBuffer request = this.service.helloVerifyRequest();
        DtlsHelloVerifier.Verdict verdict = this.service.verifier().verify(this.peer, datagram, request);
        if (verdict == DtlsHelloVerifier.Verdict.VERIFIED) {
            if (this.dtls == null) {
                this.dtls = this.service.newContext(this);
            }
            else {
                if (!this.dtls.isHandshakeOver()) {
                    this.service.handshakeFailed(this, HandshakeResult.PEER_CLOSED); // given up for a new one
                }
                this.dtls.sessionReset();
            }
            this.dtls.startFromVerifiedHello(hello);
            this.clientRandom = hello.random();
            return true;
        }
        if (verdict == DtlsHelloVerifier.Verdict.HELLO_VERIFY_REQUIRED) {
            try {
                this.context.send(request);
            }
            catch (NetException ex) {
                end(ex);
            }
        }
        return false;
    }

    /** Runs the handshake as far as it goes, then echoes every record of application data there is. */
    private void serve() {
        try {
            if (!this.dtls.isHandshakeOver()) {
                int shaken = this.dtls.handshake();
                if (shaken == TlsError.TIMEOUT.code()) {
                    this.service.handshakeFailed(this, HandshakeResult.TIMEOUT);
                    cut(CutReason.HANDSHAKE_TIMEOUT, "the DTLS handshake did not complete in time");
                    return;
                }
                if (shaken != 0) {
                    return;
                }
                this.service.handshakeDone(this);
            }
            ByteBuffer plain = this.service.plaintext();
            int read;
            while ((read = this.dtls.read(plain.clear())) > 0) {
                this.dtls.write(plain.flip());
            }
            if (this.dtls.isPeerClosed()) {
                close("peer close-notify");
            }
        }
        catch (TlsException ex) {
            if (!this.dtls.isHandshakeOver()) {
                HandshakeResult result = HandshakeResult.of(ex.error());
                this.service.handshakeFailed(this, result);
                cut(CutReason.HANDSHAKE_FAILED, result.tag() + ": " + ex.getMessage());
            }
            else {
                close(ex.error().name());
            }
        }
        catch (NetException ex) {
            end(ex);
        }
    }

    /** {@code f_send}: the context's records go to the peer through the tracked context, counted. */
    @Override
    public int send(ByteBuffer buf) throws NetException {
        return this.context.send(buf);
    }

    /** {@code f_recv}: the datagram being handed over, once; then {@code WANT_READ}. */
    @Override
    public int recv(ByteBuffer buf) {
        ByteBuffer datagram = this.pending;
        if (datagram == null) {
            return TlsError.WANT_READ.code();
        }
        this.pending = null;
        int length = datagram.remaining();
        buf.put(datagram);
        return length;
    }
}
