package dev.netctx.client;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import dev.netctx.net.NetContext;
import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import dev.netctx.tls.TlsBio;

/**
 * A {@link TlsBio} over a connected, blocking UDP context whose receives end at a deadline: each
 * {@code recv} waits at most until then and returns {@code TIMEOUT}'s code after it, so that the
 * records of one echo, however many, are all waited for within one timeout.
 */
final class DeadlineBio implements TlsBio {

    private final NetContext context;

    private long deadlineNanos;

    private boolean bounded;

    DeadlineBio(NetContext context) {
        this.context = context;
    }

    /** Receives from now on end at {@code deadlineNanos} ({@link System#nanoTime()}). */
    void until(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        this.bounded = true;
    }

    /** Receives from now on wait as long as they are asked to (the handshake's own timer bounds them). */
    void unbounded() {
        this.bounded = false;
    }

    @Override
    public int send(ByteBuffer buf) throws NetException {
        return this.context.send(buf);
    }

    @Override
    public int recv(ByteBuffer buf) throws NetException {
        return this.bounded ? recvTimeout(buf, Long.MAX_VALUE) : this.context.recv(buf);
    }

    @Override
    public int recvTimeout(ByteBuffer buf, long timeoutMillis) throws NetException {
        if (!this.bounded) {
            return this.context.recv(buf, timeoutMillis);
        }
        long left = TimeUnit.NANOSECONDS.toMillis(this.deadlineNanos - System.nanoTime() + 999_999);
        if (left <= 0) {
            return NetError.TIMEOUT.code();
        }
        return this.context.recv(buf, Math.min(left, timeoutMillis));
    }
}
