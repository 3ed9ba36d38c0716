package dev.netctx.echo;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;

import dev.netctx.context.TrackedContext;
import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import dev.netctx.net.NetPoller;
import dev.netctx.net.PollEvent;
import org.jspecify.annotations.Nullable;

/**
 * A TCP connection to an info listener, on an {@link EchoLoop}: it writes the {@link InfoAnswer} line
 * as soon as the connection can take it, then half-closes (the client reads the line and the end of
 * the stream, so {@code nc host port} prints it and exits). What the client sends is read and
 * discarded until it closes (or the idle timeout ends the session): closing with unread input would
 * reset the connection, and a reset can destroy the line before the client has read it.
 */
final class InfoTcpSession extends LoopSession {

    /** Reads discarded per readiness before the loop serves other sessions. */
    private static final int MAX_READS_PER_WAKEUP = 16;

    private static final Set<PollEvent> READ = EnumSet.of(PollEvent.READ);

    private static final Set<PollEvent> WRITE = EnumSet.of(PollEvent.WRITE);

    private final InfoAnswer answer;

    /** The rest of the line to send, or {@code null} before it is made (owned by the loop's thread). */
    private @Nullable ByteBuffer line;

    InfoTcpSession(TrackedContext context, InfoAnswer answer, long idleTimeoutNanos, EchoSessions sessions,
            SourceSlots.Slot slot) {
        super(context, idleTimeoutNanos, sessions, slot);
        this.answer = answer;
    }

    @Override
    void register(NetPoller poller) {
        try {
            this.context.setNonBlocking();
            this.context.register(poller, WRITE, this);
        }
        catch (NetException ex) {
            end(ex);
        }
    }

    @Override
    void echo(NetPoller.Registration ready, ByteBuffer buffer) {
        try {
            if (this.line == null || this.line.hasRemaining()) {
                if (ready.isWritable()) {
                    send(ready);
                }
                return;
            }
            if (ready.isReadable()) {
                discard(buffer);
            }
        }
        catch (NetException ex) {
            end(ex);
        }
    }

    private void send(NetPoller.Registration ready) throws NetException {
        if (this.line == null) {
            this.line = ByteBuffer.wrap(this.answer.line(this.context));
        }
        while (this.line.hasRemaining()) {
            if (this.context.send(this.line) == NetError.WANT_WRITE.code()) {
                return;
            }
        }
        this.context.shutdownOutput();
        ready.interest(READ);
    }

    private void discard(ByteBuffer buffer) throws NetException {
        for (int reads = 0; reads < MAX_READS_PER_WAKEUP; reads++) {
            int read = this.context.recv(buffer.clear());
            if (read == NetError.WANT_READ.code()) {
                return;
            }
            if (read == 0) {
                close("peer closed");
                return;
            }
        }
    }
}
