package dev.netctx.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * A {@code msghdr} with one {@code iovec}, a socket address, a control message and a
 * {@code pollfd}, in native memory, for a {@link PktinfoSocket}'s receiving thread or for one
 * sending thread; it keeps what it last decoded or encoded, so that a known peer costs no allocation.
 */
final class MessageHeader {

    static final int MSGHDR = 0;
    static final int IOV = 56;
    static final int NAME = 72;
    static final int CONTROL = NAME + Sockaddr.SIZE;
    static final int POLLFD = CONTROL + 64;
    private static final int SIZE = POLLFD + 8;

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
