package dev.netctx.echo;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;

import dev.netctx.context.TrackedContext;
import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import dev.netctx.net.NetPoller;
import dev.netctx.net.NetProtocol;
import dev.netctx.net.PollEvent;

/**
 * Echoes one TCP connection on an {@link EchoLoop}: every byte read is sent back, byte-exact and in
 * order. When the peer does not read its echo fast enough, the unsent rest is kept and the session
 * stops reading until it is sent: a slow reader holds at most one buffer, and since no byte moves,
 * the idle timeout ends it.
 */
final class TcpEchoSession extends EchoSession {

    /** Reads echoed per readiness while each fills the buffer, before the loop serves other sessions (Netty reads up to 16). */
    private static final int MAX_READS_PER_WAKEUP = 16;

    private static final Set<PollEvent> READ = EnumSet.of(PollEvent.READ);

    private static final Set<PollEvent> WRITE = EnumSet.of(PollEvent.WRITE);

    private final int bufferSize;

    /** Bytes read but not yet echoed, or {@code null}: owned by the loop's thread. */
    private ByteBuffer unsent;

    TcpEchoSession(TrackedContext context, int bufferSize, long idleTimeoutNanos, EchoSessions sessions) {
        super(context, idleTimeoutNanos, sessions);
        this.bufferSize = bufferSize;
    }

    @Override
    NetProtocol protocol() {
        return NetProtocol.TCP;
    }

    /** Switches the context to non-blocking mode and registers it with the loop's poller. */
    void register(NetPoller poller) {
        try {
            this.context.setNonBlocking();
            this.context.register(poller, READ, this);
        }
        catch (NetException ex) {
            end(ex);
        }
    }

    /** Called by the loop when the context is ready: sends what is left, or reads and echoes. */
    void echo(NetPoller.Registration ready, ByteBuffer buffer) {
        try {
            if (this.unsent != null) {
                if (ready.isWritable() && send(this.unsent)) {
                    this.unsent = null;
                    ready.interest(READ);
                }
                return;
            }
            if (!ready.isReadable()) {
                return;
            }
            int limit = Math.min(this.bufferSize, buffer.capacity());
            for (int reads = 0; reads < MAX_READS_PER_WAKEUP; reads++) {
                buffer.clear().limit(limit);
                int read = this.context.recv(buffer);
                if (read == NetError.WANT_READ.code()) {
                    return;
                }
                if (read == 0) {
                    close("peer closed");
                    return;
                }
                buffer.flip();
                if (!send(buffer)) {
                    this.unsent = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
                    ready.interest(WRITE);
                    return;
                }
                if (read < limit) {
                    return;
                }
            }
        }
        catch (NetException ex) {
            end(ex);
        }
    }

    /** Sends as much of {@code bytes} as the socket takes now; {@code true} if all of it went. */
    private boolean send(ByteBuffer bytes) throws NetException {
        while (bytes.hasRemaining()) {
            if (this.context.send(bytes) == NetError.WANT_WRITE.code()) {
                return false;
            }
        }
        return true;
    }

    @Override
    void stopWhenIdle() {
        // a TCP peer finishes within the shutdown timeout: nothing to do before it
    }
}
