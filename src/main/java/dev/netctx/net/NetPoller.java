package dev.netctx.net;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code mbedtls_net_poll} over many contexts at once (beyond mbed TLS, whose poll takes one): waits
 * until any registered context is ready for the events it is registered for. Built on a
 * {@link Selector}, so there is no {@code FD_SETSIZE} limit, and meant for one thread that serves many
 * non-blocking connections, as an event loop does.
 *
 * <p>Registered contexts must be connected or listening TCP contexts in non-blocking mode. A
 * registered context that is closed (from any thread) leaves the poller by itself; its peer sees the
 * connection end at once.
 */
public final class NetPoller implements Closeable {

    private final Selector selector;

    /**
     * Opens a poller.
     * @throws NetException {@code POLL_FAILED} if the operating system refuses one
     */
    public NetPoller() throws NetException {
        try {
            this.selector = Selector.open();
        }
        catch (IOException ex) {
            throw new NetException(NetError.POLL_FAILED, String.valueOf(ex.getMessage()), ex);
        }
    }

    /**
     * Registers {@code context} for {@code interest}; {@code attachment} comes back with each readiness.
     * Only the thread that calls {@link #poll} may register.
     * @throws NetException {@code BAD_INPUT_DATA} for a blocking context or one without a socket of its
     * own (UDP listeners and the peers they accepted), {@code INVALID_CONTEXT} for a closed one
     */
    public Registration register(NetContext context, Set<PollEvent> interest, Object attachment) throws NetException {
        Registration registration = new Registration(context, attachment);
        registration.key = context.transport().register(this.selector, interest, registration);
        return registration;
    }

    /**
     * Waits until a registered context is ready, at most {@code timeoutMillis} ({@code 0}: do not
     * wait; negative: wait for ever, or until {@link #wakeup()}), and hands each ready one to
     * {@code action}.
     * @return how many were ready
     * @throws NetException {@code POLL_FAILED}
     */
    public int poll(long timeoutMillis, Consumer<Registration> action) throws NetException {
        try {
            Consumer<SelectionKey> ready = key -> action.accept((Registration) key.attachment());
            if (timeoutMillis == 0) {
                return this.selector.selectNow(ready);
            }
            return (timeoutMillis < 0) ? this.selector.select(ready) : this.selector.select(ready, timeoutMillis);
        }
        catch (IOException | RuntimeException ex) {
            throw new NetException(NetError.POLL_FAILED, String.valueOf(ex.getMessage()), ex);
        }
    }

    /** Makes a {@link #poll} in progress (or the next one) return at once. May be called from any thread. */
    public void wakeup() {
        this.selector.wakeup();
    }

    /** Closes the poller; registered contexts stay open. */
    @Override
    public void close() {
        try {
            this.selector.close();
        }
        catch (IOException ex) {
            // nothing left to release
        }
    }

    /** The selection operations of {@code interest} among a channel's {@code validOps} (READ is OP_ACCEPT on an acceptor). */
    static int interestOps(int validOps, Set<PollEvent> interest) {
        int ops = 0;
        if (interest.contains(PollEvent.READ)) {
            ops |= validOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        }
        if (interest.contains(PollEvent.WRITE)) {
            ops |= validOps & SelectionKey.OP_WRITE;
        }
        return ops;
    }

    /** A context registered with a {@link NetPoller}. */
    public static final class Registration {

        private final NetContext context;

        private final Object attachment;

        private SelectionKey key;

        private Registration(NetContext context, Object attachment) {
            this.context = context;
            this.attachment = attachment;
        }

        /** The registered context. */
        public NetContext context() {
            return this.context;
        }

        /** What was given at registration. */
        public Object attachment() {
            return this.attachment;
        }

        /** Whether the context is ready to be read from (or, for a listener, to accept). */
        public boolean isReadable() {
            return this.key.isValid() && (this.key.readyOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0;
        }

        /** Whether the context is ready to be written to. */
        public boolean isWritable() {
            return this.key.isValid() && (this.key.readyOps() & SelectionKey.OP_WRITE) != 0;
        }

        /** Changes what the context is polled for; an empty set pauses it. */
        public void interest(Set<PollEvent> interest) {
            if (this.key.isValid()) {
                this.key.interestOps(interestOps(this.key.channel().validOps(), interest));
            }
        }

        /** Whether the context is still registered (it leaves when closed or cancelled). */
        public boolean isValid() {
            return this.key.isValid();
        }

        /** Removes the context from the poller; it stays open. */
        public void cancel() {
            this.key.cancel();
        }
    }
}
