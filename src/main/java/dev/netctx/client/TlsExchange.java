package dev.netctx.client;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.netctx.net.NetContext;
import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import dev.netctx.net.PollEvent;
import dev.netctx.tls.TlsContext;
import dev.netctx.tls.TlsError;
import dev.netctx.tls.TlsException;
import dev.netctx.tls.TlsSessionInfo;
import org.jspecify.annotations.Nullable;

/**
 * The client's TLS over a non-blocking TCP context: the handshake, and an echo exchange that sends
 * and reads at the same time, as {@link EchoConnection} does over plain TCP. Each wait is a
 * {@link NetContext#poll} bounded by the deadline; decrypted data already held is read before any wait.
 */
final class TlsExchange implements SecureExchange {

    private final NetContext context;

    private final TlsContext tls;

    TlsExchange(NetContext context, TlsContext tls) {
        this.context = context;
        this.tls = tls;
    }

    @Override
    public String name() {
        return "TLS";
    }

    @Override
    public @Nullable TlsSessionInfo session() {
        return this.tls.session();
    }

    @Override
    public boolean handshake(long deadlineNanos) throws NetException, TlsException {
        int result;
        while ((result = this.tls.handshake()) != 0) {
            Set<PollEvent> interest = EnumSet.of((result == NetError.WANT_WRITE.code()) ? PollEvent.WRITE : PollEvent.READ);
            if (!await(interest, deadlineNanos)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean exchange(byte[] message, ByteBuffer in, long deadlineNanos, String server)
            throws NetException, TlsException, EchoFailure {
        ByteBuffer out = ByteBuffer.wrap(message);
        while (in.hasRemaining()) {
            if (out.hasRemaining()) {
                this.tls.write(out);
            }
            boolean unsent = this.tls.flush() != 0 || out.hasRemaining();
            int read = this.tls.read(in);
            if (read == 0 || read == TlsError.PEER_CLOSE_NOTIFY.code()) {
                throw EchoFailure.network("Server at " + server + " closed the TLS session (" + in.position() + " of "
                        + message.length + " bytes came back)");
            }
            if (read < 0 && !await(unsent ? EnumSet.of(PollEvent.READ, PollEvent.WRITE) : EnumSet.of(PollEvent.READ),
                    deadlineNanos)) {
                return false;
            }
        }
        return true;
    }

    private boolean await(Set<PollEvent> interest, long deadlineNanos) throws NetException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime() + 999_999);
        return left > 0 && !this.context.poll(interest, left).isEmpty();
    }

    @Override
    public void closeNotify() {
        try {
            this.tls.closeNotify();
        }
        catch (NetException | TlsException ex) {
            // closing anyway
        }
    }
}
