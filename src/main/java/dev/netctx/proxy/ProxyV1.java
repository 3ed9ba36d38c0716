package dev.netctx.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The text header of version 1 (proxy-protocol.txt §2.1):
 * {@code PROXY TCP4|TCP6 <source> <destination> <source port> <destination port>\r\n}, or
 * {@code PROXY UNKNOWN ...\r\n}, at most {@value #MAX_LENGTH} bytes with the CRLF.
 */
final class ProxyV1 {

    /** The longest line a sender may send, CRLF included ({@code PROXY UNKNOWN} with two full IPv6 addresses). */
    static final int MAX_LENGTH = 107;

    /** {@code "PROXY "}: the line's first bytes. */
    static final byte[] SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);

    /** Four decimal numbers of 0..255 without heading zeroes. */
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    /**
     * Hexadecimal groups and colons only: no zone, no embedded IPv4. With a colon in it, the JDK parses
     * the rest as a literal and never resolves it.
     */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]{2,39}");

    /** 0..65535 without heading zeroes. */
    private static final Pattern PORT = Pattern.compile("0|[1-9]\\d{0,4}");

    private ProxyV1() {
    }

    /** Whether {@code b} may appear in a line before its CRLF: letters of the keywords, digits, hex, dots, colons, spaces. */
    static boolean allowed(byte b) {
        return (b >= '0' && b <= ':') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'f') || b == '.' || b == ' ';
    }

    /** Parses a whole line of {@code length} bytes, its CRLF included. */
    static ProxyHeader parse(byte[] line, int length) throws ProxyProtocolException {
        String text = new String(line, 0, length - 2, StandardCharsets.US_ASCII);
        String[] fields = text.split(" ", -1);
        if (fields.length >= 2 && fields[1].equals("UNKNOWN")) {
            return new ProxyHeader(1, null, null, null, false, length);
        }
        if (fields.length != 6) {
            throw new ProxyProtocolException("a v1 header has 6 fields separated by single spaces, not " + fields.length
                    + ": '" + text + "'");
        }
        boolean ipv4 = switch (fields[1]) {
            case "TCP4" -> true;
            case "TCP6" -> false;
            default -> throw new ProxyProtocolException("unknown v1 protocol '" + fields[1] + "' (TCP4, TCP6 or UNKNOWN)");
        };
        InetAddress source = address(fields[2], ipv4);
        InetAddress destination = address(fields[3], ipv4);
        return new ProxyHeader(1, new InetSocketAddress(source, port(fields[4])),
                new InetSocketAddress(destination, port(fields[5])), null, false, length);
    }

    private static InetAddress address(String text, boolean ipv4) throws ProxyProtocolException {
        if (!(ipv4 ? IPV4 : IPV6).matcher(text).matches() || (!ipv4 && text.indexOf(':') < 0)) {
            throw new ProxyProtocolException("'" + text + "' is not an " + (ipv4 ? "IPv4" : "IPv6") + " address");
        }
        try {
            return InetAddress.getByName(text);
        }
        catch (UnknownHostException ex) {
            throw new ProxyProtocolException("'" + text + "' is not an IPv6 address");
        }
    }

    private static int port(String text) throws ProxyProtocolException {
        if (!PORT.matcher(text).matches() || Integer.parseInt(text) > 65_535) {
            throw new ProxyProtocolException("'" + text + "' is not a port (0..65535 without heading zeroes)");
        }
        return Integer.parseInt(text);
    }
}
