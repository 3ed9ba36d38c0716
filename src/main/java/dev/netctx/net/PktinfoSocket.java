package dev.netctx.net;

import static dev.netctx.net.MessageHeader.CONTROL;
import static dev.netctx.net.MessageHeader.MSGHDR;
import static dev.netctx.net.MessageHeader.NAME;
import static dev.netctx.net.MessageHeader.POLLFD;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A wildcard UDP listener's socket owned through the FFM API ({@link Libc}): {@code IP_PKTINFO}
 * (IPv4) or {@code IPV6_RECVPKTINFO} (IPv6, dual-stack) tells {@code recvmsg} the address each
 * datagram was sent to, and {@code sendmsg} answers from it, so that a peer that asked 127.0.0.2,
 * or a secondary address of an interface, hears from that address. This is the only way that
 * covers every address of {@code 127.0.0.0/8}, which no interface lists.
 *
 * <p>The socket stays in blocking mode: a receive that waits for ever blocks in {@code recvmsg}
 * (one system call, as the JDK's blocking receive makes); one with a timeout tries {@code recvmsg}
 * with {@code MSG_DONTWAIT} and waits in {@code poll} when nothing is queued. The descriptor is closed when the last call in progress ends, never under a thread that
 * still uses it (so that a number the kernel hands out again is never read by mistake); a close
 * wakes a waiting receive with an empty datagram to itself, as {@link ChannelSocket} does.
 */
final class PktinfoSocket implements ListenerSocket {


    private static final int CLOSED = 1;

    /** Each sending thread's message header, as sends come from any thread. */
    private static final ThreadLocal<MessageHeader> SENDS = ThreadLocal.withInitial(MessageHeader::new);

    private final int fd;

    private final boolean ipv6;

    private final InetSocketAddress localAddress;

    private final InetSocketAddress wakeAddress;

    /** The receiving thread's message header (one receives at a time). */
    private final MessageHeader receives = new MessageHeader();

    /** Calls in progress, twice over, plus {@link #CLOSED}. */
    private final AtomicInteger state = new AtomicInteger();

    private final AtomicBoolean released = new AtomicBoolean();

    private @Nullable InetAddress destination;

    private PktinfoSocket(int fd, boolean ipv6, InetSocketAddress localAddress) throws IOException {
        this.fd = fd;
        this.ipv6 = ipv6;
        this.localAddress = localAddress;
        this.wakeAddress = new InetSocketAddress(InetAddress.getByName(ipv6 ? "::1" : "127.0.0.1"), localAddress.getPort());
    }

    /**
     * A socket of {@code address}'s family ({@code null}: IPv6 where the system has it, as the JDK
     * does), {@code SO_REUSEADDR}, the listener's receive buffer, the destination of every datagram
     * asked for, bound to the wildcard and {@code port}.
     */
    static PktinfoSocket bind(@Nullable InetAddress address, int port) throws IOException {
        Libc.Memory setup = Libc.Memory.allocate(8 + Sockaddr.SIZE + 8);
        boolean ipv6 = (address == null) || address.getAddress().length == 16;
        int fd;
        try {
            fd = Libc.socket(setup, ipv6 ? Libc.AF_INET6 : Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        }
        catch (IOException ex) {
            if (address != null || !ex.getMessage().startsWith("Address family")) {
                throw ex;
            }
            ipv6 = false;
            fd = Libc.socket(setup, Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        }
        try {
            Libc.setsockopt(setup, fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1);
            try {
                Libc.setsockopt(setup, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, ChannelSocket.SOCKET_BUFFER_SIZE);
            }
            catch (IOException ex) {
                // the kernel's default is still a working buffer
            }
            if (ipv6) {
                Libc.setsockopt(setup, fd, Libc.SOL_IPV6, Libc.IPV6_V6ONLY, 0);
                Libc.setsockopt(setup, fd, Libc.SOL_IPV6, Libc.IPV6_RECVPKTINFO, 1);
            }
            else {
                Libc.setsockopt(setup, fd, Libc.SOL_IP, Libc.IP_PKTINFO, 1);
            }
            InetAddress wildcard = InetAddress.getByName(ipv6 ? "::" : "0.0.0.0");
            int length = Sockaddr.put(setup.buffer, 8, ipv6, wildcard, port);
            Libc.bind(setup, fd, setup.address + 8, length);
            setup.buffer.putInt(8 + Sockaddr.SIZE, Sockaddr.SIZE);
            Libc.getsockname(setup, fd, setup.address + 8, setup.address + 8 + Sockaddr.SIZE);
            return new PktinfoSocket(fd, ipv6, new InetSocketAddress(wildcard, Sockaddr.port(setup.buffer, 8)));
        }
        catch (IOException | RuntimeException ex) {
            Libc.close(setup, fd);
            throw ex;
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return this.localAddress;
    }

    @Override
    public @Nullable InetSocketAddress receive(ByteBuffer buf, long timeoutMillis) throws IOException {
        if (buf.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        enter();
        try {
            MessageHeader message = this.receives;
            ByteBuffer memory = message.memory.buffer;
            long deadline = (timeoutMillis > 0) ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : 0;
            int room = message.point(buf);
            while (true) {
                memory.putLong(MSGHDR, message.memory.address + NAME).putInt(MSGHDR + 8, Sockaddr.SIZE);
                memory.putLong(MSGHDR + 32, message.memory.address + CONTROL).putLong(MSGHDR + 40, 64);
                long n = Libc.recvmsg(message.memory, this.fd, message.memory.address + MSGHDR, (timeoutMillis < 0) ? 0 : Libc.MSG_DONTWAIT);
                if (n >= 0) {
                    return received(message, buf, (int) n, room);
                }
                if (n != -Libc.EAGAIN && n != -Libc.EINTR) {
                    throw Libc.failure("recvmsg", (int) -n);
                }
                if ((this.state.get() & CLOSED) != 0) {
                    throw new AsynchronousCloseException();
                }
                if (timeoutMillis < 0) {
                    continue;
                }
                // rounded up, so that what is left of a wait is waited for
                long remaining = Math.floorDiv(deadline - System.nanoTime() + 999_999, 1_000_000);
                if (timeoutMillis == 0 || remaining <= 0) {
                    return null;
                }
                memory.putInt(POLLFD, this.fd).putShort(POLLFD + 4, Libc.POLLIN).putShort(POLLFD + 6, (short) 0);
                int ready = Libc.poll(message.memory, message.memory.address + POLLFD, (int) Math.min(remaining, Integer.MAX_VALUE));
                if (ready < 0 && ready != -Libc.EINTR) {
                    throw Libc.failure("poll", -ready);
                }
            }
        }
        finally {
            exit();
        }
    }

    private @Nullable InetSocketAddress received(MessageHeader message, ByteBuffer buf, int length, int room) throws IOException {
        ByteBuffer memory = message.memory.buffer;
        InetSocketAddress source = message.source(memory);
        if (source.equals(this.wakeAddress)) {
            return null;
        }
        this.destination = message.destination(memory, (int) memory.getLong(MSGHDR + 40));
        int stored = Math.min(length, room);
        if (buf.isDirect()) {
            buf.position(buf.position() + stored);
        }
        else {
            buf.put(message.bounce.buffer.duplicate().limit(stored).rewind());
        }
        return source;
    }

    @Override
    public @Nullable InetAddress destination() {
        return this.destination;
    }

    @Override
    public int send(ByteBuffer buf, InetSocketAddress peer, @Nullable InetAddress from) throws IOException {
        enter();
        try {
            return sendNow(buf, peer, from);
        }
        finally {
            exit();
        }
    }

    private int sendNow(ByteBuffer buf, InetSocketAddress peer, @Nullable InetAddress from) throws IOException {
        MessageHeader message = SENDS.get();
        ByteBuffer memory = message.memory.buffer;
        int length = buf.remaining();
        if (!buf.isDirect()) {
            if (length > message.bounce().buffer.capacity()) {
                throw Libc.failure("sendmsg", 90);
            }
            message.bounce.buffer.clear().put(buf.duplicate());
        }
        message.point(buf);
        memory.putLong(MSGHDR, message.memory.address + NAME).putInt(MSGHDR + 8, message.name(peer, this.ipv6));
        int control = message.control(from, this.ipv6);
        memory.putLong(MSGHDR + 32, (control > 0) ? message.memory.address + CONTROL : 0).putLong(MSGHDR + 40, control);
        long n;
        do {
            n = Libc.sendmsg(message.memory, this.fd, message.memory.address + MSGHDR, 0);
        }
        while (n == -Libc.EINTR);
        if (n < 0) {
            throw Libc.failure("sendmsg", (int) -n);
        }
        buf.position(buf.position() + (int) n);
        return (int) n;
    }

    @Override
    public void wake() throws IOException {
        send(ByteBuffer.allocate(0), this.wakeAddress, null);
    }

    @Override
    public void close() {
        this.state.addAndGet(2);
        try {
            int before = this.state.getAndUpdate(value -> value | CLOSED);
            if ((before & CLOSED) == 0 && before > 2) {
                // another thread is in a call, maybe a receive that waits: an empty datagram to itself ends it
                sendNow(ByteBuffer.allocate(0), this.wakeAddress, null);
            }
        }
        catch (IOException ex) {
            // a receive still waiting ends with the next datagram; the descriptor is released after it
        }
        finally {
            exit();
        }
    }

    private void enter() throws ClosedChannelException {
        if ((this.state.addAndGet(2) & CLOSED) != 0) {
            exit();
            throw new ClosedChannelException();
        }
    }

    private void exit() {
        if (this.state.addAndGet(-2) == CLOSED && this.released.compareAndSet(false, true)) {
            Libc.close(this.receives.memory, this.fd);
        }
    }
}
