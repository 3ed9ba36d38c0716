package dev.netctx.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * Linux's {@code sockaddr_in} / {@code sockaddr_in6} and the {@code IP_PKTINFO} /
 * {@code IPV6_PKTINFO} control messages, written into and read from native memory for a
 * {@link PktinfoSocket}. An IPv6 socket (dual-stack) carries IPv4 peers as IPv4-mapped addresses,
 * which are read back as {@link Inet4Address}es, as the JDK's {@code DatagramChannel} does.
 */
final class Sockaddr {

    /** Room for either socket address ({@code sockaddr_in6} is 28 bytes). */
    static final int SIZE = 32;

    /** {@code CMSG_SPACE(sizeof(struct in6_pktinfo))}: room for either control message. */
    static final int CONTROL_SIZE = 40;

    private static final int CMSG_HEADER = 16;

    private Sockaddr() {
    }

    /**
     * Writes {@code address:port} at {@code at} as the socket address of a socket of the given
     * family, and returns its length.
     */
    static int put(ByteBuffer memory, int at, boolean ipv6, InetAddress address, int port) throws IOException {
        byte[] raw = address.getAddress();
        memory.putShort(at, (short) (ipv6 ? Libc.AF_INET6 : Libc.AF_INET));
        memory.put(at + 2, (byte) (port >>> 8)).put(at + 3, (byte) port);
        if (!ipv6) {
            if (raw.length != 4) {
                throw new IOException("Address family not supported by protocol: " + address + " on an IPv4 socket");
            }
            memory.put(at + 4, raw).putLong(at + 8, 0);
            return 16;
        }
        memory.putInt(at + 4, 0);
        putIpv6(memory, at + 8, raw);
        memory.putInt(at + 24, (address instanceof Inet6Address inet6) ? inet6.getScopeId() : 0);
        return 28;
    }

    /** The port of the socket address at {@code at}. */
    static int port(ByteBuffer memory, int at) {
        return ((memory.get(at + 2) & 0xff) << 8) | (memory.get(at + 3) & 0xff);
    }

    /** The socket address at {@code at}, as the JDK would have it. */
    static InetSocketAddress get(ByteBuffer memory, int at) throws UnknownHostException {
        boolean ipv6 = memory.getShort(at) == Libc.AF_INET6;
        byte[] raw = new byte[ipv6 ? 16 : 4];
        memory.get(ipv6 ? at + 8 : at + 4, raw);
        return new InetSocketAddress(address(raw, ipv6 ? memory.getInt(at + 24) : 0), port(memory, at));
    }

    /**
     * Writes the control message that makes {@code sendmsg} send from {@code from}, at {@code at},
     * and returns its length ({@code CMSG_SPACE}). IPv4: {@code IP_PKTINFO} with
     * {@code ipi_spec_dst}; IPv6: {@code IPV6_PKTINFO} with {@code ipi6_addr} (IPv4-mapped for an
     * IPv4 address) and, for a link-local one, its interface.
     */
    static int putSource(ByteBuffer memory, int at, boolean ipv6, InetAddress from) {
        byte[] raw = from.getAddress();
        if (!ipv6) {
            memory.putLong(at, CMSG_HEADER + 12).putInt(at + 8, Libc.SOL_IP).putInt(at + 12, Libc.IP_PKTINFO);
            memory.putInt(at + 16, 0).put(at + 20, raw).putInt(at + 24, 0);
            return 32;
        }
        memory.putLong(at, CMSG_HEADER + 20).putInt(at + 8, Libc.SOL_IPV6).putInt(at + 12, Libc.IPV6_PKTINFO);
        putIpv6(memory, at + 16, raw);
        memory.putInt(at + 32, (from instanceof Inet6Address inet6 && inet6.isLinkLocalAddress()) ? inet6.getScopeId() : 0);
        memory.putInt(at + 36, 0);
        return CONTROL_SIZE;
    }

    /**
     * The local address in the {@code IP_PKTINFO} ({@code ipi_spec_dst}) or {@code IPV6_PKTINFO}
     * ({@code ipi6_addr}) message among the {@code length} bytes of control messages at {@code at};
     * {@code null} if there is none or it is a multicast address, which cannot be a source.
     */
    static @Nullable InetAddress destination(ByteBuffer memory, int at, int length) throws UnknownHostException {
        int end = at + length;
        while (at + CMSG_HEADER <= end) {
            int size = (int) memory.getLong(at);
            int level = memory.getInt(at + 8);
            int type = memory.getInt(at + 12);
            if (size < CMSG_HEADER) {
                return null;
            }
            InetAddress found = null;
            if (level == Libc.SOL_IP && type == Libc.IP_PKTINFO) {
                byte[] raw = new byte[4];
                memory.get(at + 20, raw);
                found = InetAddress.getByAddress(raw);
            }
            else if (level == Libc.SOL_IPV6 && type == Libc.IPV6_PKTINFO) {
                byte[] raw = new byte[16];
                memory.get(at + 16, raw);
                found = address(raw, memory.getInt(at + 32));
            }
            if (found != null) {
                return found.isMulticastAddress() ? null : found;
            }
            at += (size + 7) & ~7;
        }
        return null;
    }

    private static void putIpv6(ByteBuffer memory, int at, byte[] raw) {
        if (raw.length == 16) {
            memory.put(at, raw);
            return;
        }
        memory.putLong(at, 0).putShort(at + 8, (short) 0).put(at + 10, (byte) 0xff).put(at + 11, (byte) 0xff).put(at + 12, raw);
    }

    /** An IPv4-mapped address as an IPv4 one; a link-local IPv6 one with its interface as scope. */
    private static InetAddress address(byte[] raw, int scope) throws UnknownHostException {
        InetAddress address = InetAddress.getByAddress(raw);
        return (address instanceof Inet6Address && address.isLinkLocalAddress() && scope != 0)
                ? Inet6Address.getByAddress(null, raw, scope) : address;
    }
}
