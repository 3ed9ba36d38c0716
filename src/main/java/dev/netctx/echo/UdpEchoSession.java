package dev.netctx.echo;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

import dev.netctx.context.DropReason;
import dev.netctx.context.TrackedContext;
import dev.netctx.net.NetException;
import dev.netctx.net.NetProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Echoes one UDP peer, with blocking I/O on a thread of its own: each datagram goes back as one
 * datagram, byte-exact and never larger than it came, unless its source has used up its reply rate
 * (then it is dropped and counted). A peer that sends nothing for the idle timeout is forgotten.
 */
final class UdpEchoSession implements Runnable, EchoSessions.Session {

    private static final Log logger = LogFactory.getLog(UdpEchoSession.class);

    private static final int RECEIVING = 0;

    private static final int ECHOING = 1;

    private static final int STOPPING = 2;

    private final TrackedContext context;

    private final int bufferSize;

    private final long idleTimeoutNanos;

    private final EchoSessions sessions;

    private final AtomicInteger state = new AtomicInteger(RECEIVING);

    private final SourceRateLimiter limiter;

    private final InetAddress source;

    /**
     * @param limiter the reply rate limit of a peer whose first datagram was already allowed, or
     * {@code null} for none (trusted peers)
     * @param source the peer's address, which {@code limiter} limits
     */
    UdpEchoSession(TrackedContext context, int bufferSize, long idleTimeoutNanos, EchoSessions sessions,
            SourceRateLimiter limiter, InetAddress source) {
        this.context = context;
        this.limiter = limiter;
        this.source = source;
        this.bufferSize = bufferSize;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.sessions = sessions;
    }

    @Override
    public NetProtocol protocol() {
        return NetProtocol.UDP;
    }

    @Override
    public void run() {
        try {
            echo();
        }
        catch (NetException ex) {
            if (!this.context.isClosed()) {
                if (logger.isDebugEnabled()) {
                    logger.debug(this.context + " failed: " + ex.getMessage());
                }
                this.context.close(ex.error().name());
            }
        }
        finally {
            this.context.close("ended");
            this.sessions.remove(this);
        }
    }

    private void echo() throws NetException {
        ByteBuffer buffer = ByteBuffer.allocate(this.bufferSize);
        boolean first = true;
        while (true) {
            buffer.clear();
            this.context.recv(buffer);
            if (this.limiter != null && !first && !this.limiter.tryAcquire(this.source, System.nanoTime())) {
                this.context.dropped(DropReason.RATE_LIMIT);
                continue;
            }
            first = false;
            if (!this.state.compareAndSet(RECEIVING, ECHOING)) {
                return;
            }
            buffer.flip();
            do {
                this.context.send(buffer);
            }
            while (buffer.hasRemaining());
            if (!this.state.compareAndSet(ECHOING, RECEIVING)) {
                this.context.close("shutdown");
                return;
            }
        }
    }

    @Override
    public void closeIfIdle(long nowNanos) {
        if (nowNanos - this.context.lastActivityNanos() >= this.idleTimeoutNanos) {
            this.context.close("idle timeout");
        }
    }

    @Override
    public void stopWhenIdle() {
        if (this.state.getAndSet(STOPPING) == RECEIVING) {
            this.context.close("shutdown");
        }
    }

    @Override
    public void close(String reason) {
        this.context.close(reason);
    }
}
