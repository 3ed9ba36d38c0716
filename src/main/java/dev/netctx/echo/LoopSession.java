package dev.netctx.echo;

import java.nio.ByteBuffer;

import dev.netctx.context.TrackedContext;
import dev.netctx.net.NetPoller;
import dev.netctx.net.NetProtocol;
import org.jspecify.annotations.Nullable;

/**
 * A TCP session served by an {@link EchoLoop}: the loop registers it with its poller once, then hands
 * it each readiness of its context, with the loop's shared buffer.
 */
abstract sealed class LoopSession extends EchoSession permits TcpEchoSession, InfoTcpSession {

    private @Nullable EchoLoop loop;

    LoopSession(TrackedContext context, long idleTimeoutNanos, EchoSessions sessions, SourceSlots.Slot slot) {
        super(context, idleTimeoutNanos, sessions, slot);
    }

    @Override
    final NetProtocol protocol() {
        return NetProtocol.TCP;
    }

    /** Takes the session on {@code loop}: switches its context to non-blocking mode and registers it with {@code poller}. */
    final void register(EchoLoop loop, NetPoller poller) {
        this.loop = loop;
        register(poller);
    }

    /** Registers the (non-blocking) context with {@code poller}, for the events the session waits for first. */
    abstract void register(NetPoller poller);

    /** Called by the loop when the context is ready; {@code buffer} is the loop's, free to use until it returns. */
    abstract void echo(NetPoller.Registration ready, ByteBuffer buffer);

    /** The loop that serves this session, once registered. */
    final @Nullable EchoLoop loop() {
        return this.loop;
    }

    /** Whether this session is served by {@code loop}. */
    final boolean servedBy(EchoLoop loop) {
        return this.loop == loop;
    }

    @Override
    void stopWhenIdle() {
        // a TCP peer finishes within the shutdown timeout: nothing to do before it
    }
}
