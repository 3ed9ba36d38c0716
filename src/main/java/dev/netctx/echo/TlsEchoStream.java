package dev.netctx.echo;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.netctx.context.CutReason;
import dev.netctx.context.HandshakeResult;
import dev.netctx.context.TrackedContext;
import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import dev.netctx.tls.TlsBio;
import dev.netctx.tls.TlsConfig;
import dev.netctx.tls.TlsContext;
import dev.netctx.tls.TlsError;
import dev.netctx.tls.TlsException;

/**
 * TLS over a TCP echo session's connection: a {@link TlsContext} whose transport is the session's
 * {@link TrackedContext} (so that its counters count the bytes on the wire). Its handshake runs on
 * the session's event loop, a step per readiness; its end is counted for the listener
 * ({@code netctx.tls.handshakes}) and its result shown with the context. A handshake that fails (a
 * peer that does not speak TLS) cuts the session, counted as {@code handshake-failed}; one that takes
 * longer than {@code ssl.handshake-timeout} is cut by the idle reaper as {@code handshake-timeout}.
 * The peer's close_notify is answered with one, and reads as the end of the stream.
 */
final class TlsEchoStream implements EchoStream {

    private final TrackedContext context;

    private final TlsContext tls;

    private final long startedNanos = System.nanoTime();

    private final long deadlineNanos;

    private volatile boolean handshaken;

    TlsEchoStream(TrackedContext context, TlsConfig config, long handshakeTimeoutNanos) {
        this.context = context;
        this.tls = new TlsContext(config);
        this.tls.setBio(TlsBio.of(context::send, context::recv));
        this.deadlineNanos = this.startedNanos + handshakeTimeoutNanos;
    }

    @Override
    public boolean takeReadAhead(ByteBuffer bytes) {
        this.tls.setReadAhead(bytes);
        return true;
    }

    @Override
    public int open() throws IOException {
        if (this.handshaken) {
            return 0;
        }
        int result = this.tls.handshake();
        if (result == 0) {
            this.handshaken = true;
            this.context.handshakeCompleted(this.tls.session(), System.nanoTime() - this.startedNanos);
        }
        return result;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int read = this.tls.read(dst);
        if (read == TlsError.PEER_CLOSE_NOTIFY.code()) {
            this.tls.closeNotify();   // as far as the socket takes it now: the session closes next
            return 0;
        }
        return (read == NetError.WANT_WRITE.code()) ? NetError.WANT_READ.code() : read;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int written = this.tls.write(src);
        return (written == NetError.WANT_READ.code()) ? NetError.WANT_WRITE.code() : written;
    }

    @Override
    public int flush() throws IOException {
        return this.tls.flush();
    }

    @Override
    public int pendingOutput() {
        return this.tls.pendingOutput();
    }

    @Override
    public boolean hasBufferedInput() {
        return this.tls.bytesAvailable() > 0 || this.tls.heldBytes() > this.tls.pendingOutput();
    }

    @Override
    public boolean openOverdue(long nowNanos) {
        if (this.handshaken || nowNanos - this.deadlineNanos < 0) {
            return false;
        }
        this.context.handshakeFailed(HandshakeResult.TIMEOUT);
        return true;
    }

    @Override
    public void failed(EchoSession session, IOException ex) {
        if (this.handshaken) {
            if (ex instanceof NetException net) {
                session.end(net);
            }
            else {
                session.close((ex instanceof TlsException tls) ? tls.error().name() : String.valueOf(ex.getMessage()));
            }
            return;
        }
        HandshakeResult result = HandshakeResult.of(ex);
        this.context.handshakeFailed(result);
        if (result == HandshakeResult.PEER_CLOSED) {
            session.close("peer closed during the TLS handshake");   // a port check, a client that gave up: no cut
        }
        else {
            session.cut(CutReason.HANDSHAKE_FAILED, result.tag() + ": " + ex.getMessage());
        }
    }
}
