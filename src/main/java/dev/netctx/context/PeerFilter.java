package dev.netctx.context;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which peers a query selects: an address ({@code 127.0.0.1}, {@code ::1}), an address and port
 * ({@code 127.0.0.1:50000}, {@code [::1]:50000}), a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8})
 * or any address on one port ({@code *:50000}). Literals only: a host name is refused, never resolved.
 * @param network the address bytes (4 or 16), host bits cleared; {@code null} for any address
 * @param prefixLength the leading bits of {@code network} that must match
 * @param port the port that must match, or {@code -1} for any
 */
public record PeerFilter(byte[] network, int prefixLength, int port) {

    /** What {@link #parse} accepts, for messages. */
    public static final String FORMS = "an address (127.0.0.1, ::1), address:port (127.0.0.1:50000, [::1]:50000), "
            + "a CIDR range (10.0.0.0/8, fd00::/8) or *:port";

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private static final Pattern HOST_PORT = Pattern.compile("(\\*|\\[[0-9A-Fa-f:.]+\\]|[0-9.]+):(\\d{1,5})");

    /**
     * Parses {@code text}.
     * @throws IllegalArgumentException if it is none of the {@link #FORMS}
     */
    public static PeerFilter parse(String text) {
        String value = text.strip();
        Matcher hostPort = HOST_PORT.matcher(value);
        if (hostPort.matches()) {
            int port = Integer.parseInt(hostPort.group(2));
            if (port > 65535) {
                throw new IllegalArgumentException("port " + port + " is above 65535");
            }
            String host = hostPort.group(1);
            if (host.equals("*")) {
                return new PeerFilter(null, 0, port);
            }
            byte[] address = literal(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
            return new PeerFilter(address, address.length * 8, port);
        }
        int slash = value.indexOf('/');
        byte[] address = literal((slash >= 0) ? value.substring(0, slash) : value);
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = value.substring(slash + 1);
            if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("the prefix length after '/' must be 0.." + bits);
            }
            prefix = Integer.parseInt(length);
        }
        for (int bit = prefix; bit < bits; bit++) {
            address[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new PeerFilter(address, prefix, -1);
    }

    /** Whether {@code peer} is selected; a context without a peer (a listener) never is. */
    public boolean matches(InetSocketAddress peer) {
        if (peer == null || (this.port >= 0 && peer.getPort() != this.port)) {
            return false;
        }
        return this.network == null || inNetwork(peer.getAddress());
    }

    private boolean inNetwork(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length != this.network.length) {
            return false;
        }
        int whole = this.prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (bytes[i] != this.network[i]) {
                return false;
            }
        }
        int rest = this.prefixLength % 8;
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return rest == 0 || (bytes[whole] & mask) == (this.network[whole] & mask);
    }

    private static byte[] literal(String address) {
        Matcher ipv4 = IPV4.matcher(address);
        if (ipv4.matches()) {
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(ipv4.group(group)) > 255) {
                    throw new IllegalArgumentException("'" + address + "' is not an IPv4 address");
                }
            }
        }
        else if (!address.contains(":") || !address.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 or IPv6 address");
        }
        try {
            return InetAddress.getByName(address).getAddress();
        }
        catch (UnknownHostException ex) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv6 address");
        }
    }
}
