package dev.netctx.net;

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
 * <p>The socket stays in blocking mode: a receive first tries {@code recvmsg} with
 * {@code MSG_DONTWAIT} (one system call under load) and waits in {@code poll} when nothing is
 * queued. The descriptor is closed when the last call in progress ends, never under a thread that
 * still uses it (so that a number the kernel hands out again is never read by mistake); a close
 * wakes a waiting receive with an empty datagram to itself, as {@link ChannelSocket} does.
 */
final class PktinfoSocket implements ListenerSocket {

    private static final int MSGHDR = 0;
    private static final int IOV = 56;
    private static final int NAME = 72;
    private static final int CONTROL = NAME + Sockaddr.SIZE;
    private static final int POLLFD = CONTROL + 64;
    private static final int SIZE = POLLFD + 8;

    /** The longest wait in one {@code poll}, after which a closed socket is noticed even if its wake-up datagram was lost. */
    private static final int POLL_SLICE_MILLIS = 1000;

    private static final int CLOSED = 1;

    /** Each sending thread's message header, as sends come from any thread. */
    private static final ThreadLocal<Message> SENDS = ThreadLocal.withInitial(Message::new);

    private final int fd;

    private final boolean ipv6;

    private final InetSocketAddress localAddress;

    private final InetSocketAddress wakeAddress;

    /** The receiving thread's message header (one receives at a time). */
    private final Message receives = new Message();

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
            Message message = this.receives;
            ByteBuffer memory = message.memory.buffer;
            long deadline = (timeoutMillis > 0) ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : 0;
            int room = message.point(buf);
            while (true) {
                memory.putLong(MSGHDR, message.memory.address + NAME).putInt(MSGHDR + 8, Sockaddr.SIZE);
                memory.putLong(MSGHDR + 32, message.memory.address + CONTROL).putLong(MSGHDR + 40, 64);
                long n = Libc.recvmsg(message.memory, this.fd, message.memory.address + MSGHDR, Libc.MSG_DONTWAIT);
                if (n >= 0) {
                    return received(message, buf, (int) n, room);
                }
                if (n != -Libc.EAGAIN && n != -Libc.EINTR) {
                    throw Libc.failure("recvmsg", (int) -n);
                }
                long remaining = (timeoutMillis > 0) ? TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) : POLL_SLICE_MILLIS;
                if (timeoutMillis == 0 || remaining <= 0) {
                    return null;
                }
                memory.putInt(POLLFD, this.fd).putShort(POLLFD + 4, Libc.POLLIN).putShort(POLLFD + 6, (short) 0);
                int ready = Libc.poll(message.memory, message.memory.address + POLLFD, (int) Math.min(remaining, POLL_SLICE_MILLIS));
                if (ready < 0 && ready != -Libc.EINTR) {
                    throw Libc.failure("poll", -ready);
                }
                if ((this.state.get() & CLOSED) != 0) {
                    throw new AsynchronousCloseException();
                }
            }
        }
        finally {
            exit();
        }
    }

    private @Nullable InetSocketAddress received(Message message, ByteBuffer buf, int length, int room) throws IOException {
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
        Message message = SENDS.get();
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
            // the waiting receive sees the close within a poll slice
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

    /**
     * A {@code msghdr} with one {@code iovec}, a socket address and a control message, in native
     * memory; what it last decoded or encoded, so that a known peer costs no allocation.
     */
    private static final class Message {

        final Libc.Memory memory = Libc.Memory.allocate(SIZE);

        /** Where a heap buffer's datagram goes through (made when first needed). */
        Libc.@Nullable Memory bounce;

        private @Nullable ByteBuffer pointed;

        private long pointedAddress;

        private final long[] sourceKey = new long[4];

        private @Nullable InetSocketAddress source;

        private final long[] destinationKey = new long[3];

        private @Nullable InetAddress destination;

        private @Nullable InetSocketAddress named;

        private boolean namedIpv6;

        private int nameLength;

        private @Nullable InetAddress sentFrom;

        private boolean sentFromIpv6;

        private int controlLength;

        Libc.Memory bounce() {
            if (this.bounce == null) {
                this.bounce = Libc.Memory.allocate(NetContext.RECEIVE_BUFFER_SIZE);
            }
            return this.bounce;
        }

        /** Points the {@code iovec} at {@code buf}'s remaining bytes (through the bounce buffer for a heap one); their count. */
        int point(ByteBuffer buf) {
            int length = buf.remaining();
            long base;
            if (buf.isDirect()) {
                if (buf != this.pointed) {
                    this.pointed = buf;
                    this.pointedAddress = Libc.Memory.addressOf(buf);
                }
                base = this.pointedAddress + buf.position();
            }
            else {
                length = Math.min(length, bounce().buffer.capacity());
                base = this.bounce.address;
            }
            this.memory.buffer.putLong(MSGHDR + 16, this.memory.address + IOV).putLong(MSGHDR + 24, 1).putInt(MSGHDR + 48, 0);
            this.memory.buffer.putLong(IOV, base).putLong(IOV + 8, length);
            return length;
        }

        InetSocketAddress source(ByteBuffer memory) throws IOException {
            if (!same(this.sourceKey, memory, NAME, 4) || this.source == null) {
                this.source = Sockaddr.get(memory, NAME);
            }
            return this.source;
        }

        @Nullable InetAddress destination(ByteBuffer memory, int controlLength) throws IOException {
            if (controlLength <= 0) {
                return null;
            }
            if (!same(this.destinationKey, memory, CONTROL + 16, 3)) {
                this.destination = Sockaddr.destination(memory, CONTROL, controlLength);
            }
            return this.destination;
        }

        int name(InetSocketAddress peer, boolean ipv6) throws IOException {
            if (peer != this.named || ipv6 != this.namedIpv6) {
                this.nameLength = Sockaddr.put(this.memory.buffer, NAME, ipv6, peer.getAddress(), peer.getPort());
                this.named = peer;
                this.namedIpv6 = ipv6;
            }
            return this.nameLength;
        }

        int control(@Nullable InetAddress from, boolean ipv6) {
            if (from == null) {
                return 0;
            }
            if (from != this.sentFrom || ipv6 != this.sentFromIpv6) {
                this.controlLength = Sockaddr.putSource(this.memory.buffer, CONTROL, ipv6, from);
                this.sentFrom = from;
                this.sentFromIpv6 = ipv6;
            }
            return this.controlLength;
        }

        /** Whether the {@code count} longs at {@code at} are those of {@code key}, which then holds them. */
        private static boolean same(long[] key, ByteBuffer memory, int at, int count) {
            boolean same = true;
            for (int n = 0; n < count; n++) {
                long value = memory.getLong(at + 8 * n);
                if (key[n] != value) {
                    key[n] = value;
                    same = false;
                }
            }
            return same;
        }
    }
}
