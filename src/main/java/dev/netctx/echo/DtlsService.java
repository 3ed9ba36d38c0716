package dev.netctx.echo;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.DropReason;
import dev.netctx.context.HandshakeResult;
import dev.netctx.context.TrackedContext;
import dev.netctx.net.NetContext;
import dev.netctx.net.NetException;
import dev.netctx.tls.DtlsBuffers;
import dev.netctx.tls.DtlsContext;
import dev.netctx.tls.DtlsCookies;
import dev.netctx.tls.DtlsHelloVerifier;
import dev.netctx.tls.DtlsSettings;

/**
 * The DTLS side of one {@code udp} listener with {@code ssl.bundle}, used by its thread only: the
 * stateless HelloVerifyRequest front for new peers ({@link #verify}), the engines of its sessions,
 * the buffers they share, and the retransmission timers of their handshakes, which the listener's
 * thread runs between datagrams ({@link #waitMillis}, {@link #runTimers}).
 */
final class DtlsService {

    private final ListenerTls tls;

    private final DtlsSettings settings;

    private final DtlsHelloVerifier verifier;

    private final DtlsBuffers buffers = new DtlsBuffers();

    private final ByteBuffer request = ByteBuffer.allocate(DtlsHelloVerifier.MAX_REQUEST_SIZE);

    private final ByteBuffer plaintext = ByteBuffer.allocate(NetContext.RECEIVE_BUFFER_SIZE);

    private final PriorityQueue<Timer> timers = new PriorityQueue<>();

    /** @param tls the listener's DTLS configuration: new sessions take its current one (a reloaded bundle's) */
    DtlsService(ListenerTls tls) {
        this.tls = tls;
        this.settings = tls.dtlsSettings();
        this.verifier = new DtlsHelloVerifier(new DtlsCookies(new SecureRandom(), tls.cookieLifetime()));
    }

    /**
     * Whether a session may start for the first datagram of a new peer: a ClientHello with a valid
     * cookie. A ClientHello without one is answered with a HelloVerifyRequest, anything else is
     * dropped and counted ({@code not-dtls}); either way nothing is kept.
     */
    boolean admits(TrackedContext listener, NetContext accepted, ByteBuffer datagram) {
        InetSocketAddress peer = (InetSocketAddress) accepted.remoteAddress();
        DtlsHelloVerifier.Verdict verdict = this.verifier.verify(peer, datagram, this.request);
        if (verdict == DtlsHelloVerifier.Verdict.HELLO_VERIFY_REQUIRED) {
            sendRequest(accepted);
        }
        else if (verdict == DtlsHelloVerifier.Verdict.NOT_CLIENT_HELLO) {
            listener.dropped(DropReason.NOT_DTLS);
        }
        return verdict == DtlsHelloVerifier.Verdict.VERIFIED;
    }

    /** Sends the HelloVerifyRequest just written; one that cannot be sent is as if lost on the way. */
    void sendRequest(NetContext peer) {
        try {
            peer.send(this.request);
        }
        catch (NetException ex) {
            // the client retransmits its ClientHello
        }
    }

    DtlsHelloVerifier verifier() {
        return this.verifier;
    }

    /** Room for a HelloVerifyRequest, shared by the listener's sessions. */
    ByteBuffer helloVerifyRequest() {
        return this.request;
    }

    /** Room for a record's plaintext, shared by the listener's sessions. */
    ByteBuffer plaintext() {
        return this.plaintext;
    }

    /** A server context for a session's new handshake ({@code mbedtls_ssl_setup}, or {@code mbedtls_ssl_session_reset}). */
    DtlsContext newContext(DtlsEchoSession session) {
        DtlsContext context = new DtlsContext(this.tls.config(), this.settings, this.buffers);
        context.setBio(session);
        return context;
    }

    /** A session's handshake completed: its context shows what it agreed, its listener counts it. */
    void handshakeDone(DtlsEchoSession session) {
        DtlsContext dtls = session.dtls();
        session.context.handshakeCompleted(dtls.session(), TimeUnit.MILLISECONDS.toNanos(dtls.session().handshakeMillis()));
    }

    /** A session's handshake failed ({@code netctx.tls.handshakes}, by the class of its failure). */
    void handshakeFailed(DtlsEchoSession session, HandshakeResult result) {
        session.context.handshakeFailed(result);
    }

    /** Queues the session for its context's next timer deadline, if it has one it is not queued for yet. */
    void schedule(DtlsEchoSession session) {
        long deadline = (session.dtls() != null && session.isOpen()) ? session.dtls().timerDeadlineNanos() : 0;
        if (deadline != 0 && deadline != session.scheduled) {
            session.scheduled = deadline;
            this.timers.add(new Timer(deadline, session));
        }
    }

    /** How long the listener's thread may wait for a datagram: until the next timer, or for ever ({@code -1}). */
    long waitMillis(long nowNanos) {
        Timer next = this.timers.peek();
        return (next == null) ? -1 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(next.deadline - nowNanos) + 1);
    }

    /** Runs the timers that are due: each session retransmits its flight or gives its handshake up. */
    void runTimers(long nowNanos) {
        Timer next;
        while ((next = this.timers.peek()) != null && next.deadline - nowNanos <= 0) {
            this.timers.poll();
            DtlsEchoSession session = next.session;
            if (session.scheduled == next.deadline && session.isOpen()) {
                session.scheduled = 0;
                session.timerExpired();
            }
        }
    }

    /** A session's timer deadline; stale ones (rescheduled or closed sessions) are skipped when due. */
    private record Timer(long deadline, DtlsEchoSession session) implements Comparable<Timer> {

        @Override
        public int compareTo(Timer other) {
            return Long.compare(this.deadline - other.deadline, 0);
        }
    }
}
