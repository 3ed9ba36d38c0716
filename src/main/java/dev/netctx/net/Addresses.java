package dev.netctx.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * Addresses as netctx prints them everywhere (REST and actuator JSON, logs, error messages, the
 * client): IPv6 in the canonical text form of RFC 5952 ({@code ::1}, {@code 2001:db8::1}, not
 * {@code 0:0:0:0:0:0:0:1}), in brackets before a port ({@code [::1]:4443}), without the leading
 * slash and the zone ({@code %eth0}) that Java prints.
 */
public final class Addresses {

    private Addresses() {
    }

    /** {@code host:port}, the host as {@link #host(InetAddress)} prints it, or as given if unresolved. */
    public static String format(SocketAddress address) {
        if (!(address instanceof InetSocketAddress inet)) {
            return String.valueOf(address);
        }
        String host = (inet.getAddress() != null) ? host(inet.getAddress()) : inet.getHostString();
        return format(host, inet.getPort());
    }

    /**
     * {@code host:port} for a host as a user gave it: an IPv6 literal in its RFC 5952 form and in
     * brackets, a name or an IPv4 address as it is. Never resolves a name.
     */
    public static String format(String host, int port) {
        String text = host;
        if (host.indexOf(':') >= 0) {
            String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            text = "[" + canonicalLiteral(literal) + "]";
        }
        return text + ":" + port;
    }

    /** The address alone: IPv4 dotted, IPv6 in its RFC 5952 form, without zone. */
    public static String host(InetAddress address) {
        return (address instanceof Inet6Address) ? ipv6(address.getAddress()) : address.getHostAddress();
    }

    /** An IPv6 literal in RFC 5952 form, or as given if it is not one (so that it still shows in a message). */
    private static String canonicalLiteral(String literal) {
        int zone = literal.indexOf('%');
        String address = (zone >= 0) ? literal.substring(0, zone) : literal;
        if (!address.matches("[0-9A-Fa-f:.]+")) {
            return literal;
        }
        try {
            return host(InetAddress.getByName(address));
        }
        catch (java.net.UnknownHostException ex) {
            return literal;
        }
    }

    /** RFC 5952 section 4: lower-case hexadecimal, no leading zeros, the longest run of two or more zero groups as {@code ::}. */
    private static String ipv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
            i += length;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** {@code [closed ]PROTOCOL local[ -> remote]}, or {@code empty}: what {@link NetContext#toString()} shows. */
    static String describe(@Nullable NetProtocol protocol, boolean open, @Nullable SocketAddress local, @Nullable SocketAddress remote) {
        String state = (protocol == null) ? "empty" : (open ? "" : "closed ") + protocol;
        return state + ((local != null) ? " " + format(local) : "") + ((remote != null) ? " -> " + format(remote) : "");
    }
}
