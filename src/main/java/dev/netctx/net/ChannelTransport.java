package dev.netctx.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.WritableByteChannel;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A transport with a socket of its own ({@code SocketChannel}, {@code ServerSocketChannel} or a
 * connected {@code DatagramChannel}): its blocking mode is the channel's, {@code poll} waits on a
 * selector of its own, and a {@link NetPoller} can register it.
 */
abstract sealed class ChannelTransport<C extends SelectableChannel> extends Transport permits TcpStream, TcpAcceptor, UdpConnected {

    protected final C channel;

    private final SocketAddress localAddress;

    private final @Nullable SocketAddress remoteAddress;

    private final Object pollLock = new Object();

    private @Nullable Selector selector;

    ChannelTransport(C channel, SocketAddress localAddress, @Nullable SocketAddress remoteAddress) {
        this.channel = channel;
        this.localAddress = localAddress;
        this.remoteAddress = remoteAddress;
    }

    @Override
    final SocketAddress localAddress() {
        return this.localAddress;
    }

    @Override
    final @Nullable SocketAddress remoteAddress() {
        return this.remoteAddress;
    }

    @Override
    final boolean isOpen() {
        return this.channel.isOpen();
    }

    @Override
    final boolean isBlocking() {
        return this.channel.isBlocking();
    }

    @Override
    final void configureBlocking(boolean block) throws NetException {
        synchronized (this.pollLock) {
            try {
                deregister();
                this.channel.configureBlocking(block);
            }
            catch (IOException ex) {
                throw Sockets.failure(ex, NetError.SOCKET_FAILED);
            }
        }
    }

    @Override
    final int recv(ByteBuffer buf, long timeoutMillis) throws NetException {
        if (!this.channel.isBlocking()) {
            return poll(EnumSet.of(PollEvent.READ), timeoutMillis).isEmpty() ? NetError.TIMEOUT.code() : recv(buf);
        }
        return (timeoutMillis < 0) ? recv(buf) : timedRecv(buf, (int) timeoutMillis);
    }

    /**
     * A blocking receive that waits at most {@code timeoutMillis} (above 0), through the JDK's socket
     * adaptor, whose timed reads are the only ones a blocking channel has and take an array: the
     * buffer's own, or a copy for a direct buffer.
     */
    private int timedRecv(ByteBuffer buf, int timeoutMillis) throws NetException {
        boolean copy = !buf.hasArray();
        byte[] bytes = copy ? new byte[buf.remaining()] : buf.array();
        int offset = copy ? 0 : buf.arrayOffset() + buf.position();
        try {
            int read = Math.max(adaptorRecv(bytes, offset, buf.remaining(), timeoutMillis), 0);
            if (copy) {
                buf.put(bytes, 0, read);
            }
            else {
                buf.position(buf.position() + read);
            }
            return read;
        }
        catch (IOException ex) {
            return Sockets.recvFailure(ex);
        }
    }

    /**
     * Reads into {@code bytes[offset, offset+length)} through the socket adaptor, waiting at most
     * {@code timeoutMillis}: the bytes read ({@code -1} or {@code 0} at the end of a stream).
     * @throws java.net.SocketTimeoutException when nothing came in time
     */
    abstract int adaptorRecv(byte[] bytes, int offset, int length, int timeoutMillis) throws IOException;

    /** {@code WANT_READ}'s code for a non-blocking read that found nothing, as mbed TLS returns it. */
    final int readResult(int read, ByteBuffer buf) {
        return (read == 0 && buf.hasRemaining() && !this.channel.isBlocking()) ? NetError.WANT_READ.code() : read;
    }

    /** {@code WANT_WRITE}'s code for a non-blocking write that the socket took nothing of. */
    final int writeResult(int written, ByteBuffer buf) {
        return (written == 0 && buf.hasRemaining() && !this.channel.isBlocking()) ? NetError.WANT_WRITE.code() : written;
    }

    /** {@code mbedtls_net_send} on the connected channel {@code writable} (this transport's): what it took, or {@code WANT_WRITE}. */
    final int send(WritableByteChannel writable, ByteBuffer buf) throws NetException {
        try {
            return writeResult(writable.write(buf), buf);
        }
        catch (IOException | NotYetConnectedException ex) {
            throw Sockets.failure(ex, NetError.SEND_FAILED);
        }
    }

    @Override
    final Set<PollEvent> poll(Set<PollEvent> interest, long timeoutMillis) throws NetException {
        synchronized (this.pollLock) {
            Set<PollEvent> ready = EnumSet.noneOf(PollEvent.class);
            int ops = NetPoller.interestOps(this.channel.validOps(), interest);
            boolean wasBlocking = this.channel.isBlocking();
            try {
                if (this.selector == null) {
                    this.selector = Selector.open();
                }
                if (wasBlocking) {
                    this.channel.configureBlocking(false);
                }
                SelectionKey key = this.channel.keyFor(this.selector);
                if (key == null) {
                    key = this.channel.register(this.selector, ops);
                }
                else {
                    key.interestOps(ops);
                }
                this.selector.selectedKeys().clear();
                if (timeoutMillis == 0) {
                    this.selector.selectNow();
                }
                else if (timeoutMillis < 0) {
                    this.selector.select();
                }
                else {
                    this.selector.select(timeoutMillis);
                }
                if (this.selector.selectedKeys().contains(key)) {
                    int readyOps = key.readyOps();
                    if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
                        ready.add(PollEvent.READ);
                    }
                    if ((readyOps & SelectionKey.OP_WRITE) != 0) {
                        ready.add(PollEvent.WRITE);
                    }
                }
                if (wasBlocking) {
                    deregister();
                    this.channel.configureBlocking(true);
                }
                return ready;
            }
            catch (IOException | RuntimeException ex) {
                if (!this.channel.isOpen()) {
                    throw new NetException(NetError.INVALID_CONTEXT, "closed while polling", ex);
                }
                throw new NetException(NetError.POLL_FAILED, String.valueOf(ex.getMessage()), ex);
            }
        }
    }

    /** Cancels this transport's key in its own selector (a channel registered anywhere cannot change its mode). */
    private void deregister() throws IOException {
        SelectionKey key = (this.selector != null) ? this.channel.keyFor(this.selector) : null;
        if (key != null) {
            key.cancel();
            this.selector.selectNow();
        }
    }

    @Override
    final SelectionKey register(Selector poller, Set<PollEvent> interest, Object attachment) throws NetException {
        if (this.channel.isBlocking()) {
            return super.register(poller, interest, attachment);
        }
        try {
            return this.channel.register(poller, NetPoller.interestOps(this.channel.validOps(), interest), attachment);
        }
        catch (ClosedChannelException ex) {
            throw new NetException(NetError.INVALID_CONTEXT, "context closed", ex);
        }
        catch (RuntimeException ex) {
            throw new NetException(NetError.POLL_FAILED, String.valueOf(ex.getMessage()), ex);
        }
    }

    @Override
    void close() {
        Sockets.closeQuietly(this.channel);
        Selector own = this.selector;
        Sockets.closeQuietly(own);
    }
}
