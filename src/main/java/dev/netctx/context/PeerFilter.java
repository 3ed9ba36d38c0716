package dev.netctx.context;

import java.net.InetSocketAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Which peers a query selects: an address ({@code 127.0.0.1}, {@code ::1}), an address and port
 * ({@code 127.0.0.1:50000}, {@code [::1]:50000}), a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8})
 * or any address on one port ({@code *:50000}). Literals only: a host name is refused, never resolved.
 * @param network the addresses that match (an address alone is a network of one); {@code null} for any
 * @param port the port that must match, or {@code -1} for any
 */
public record PeerFilter(@Nullable NetworkRange network, int port) {

    /** What {@link #parse} accepts, for messages. */
    public static final String FORMS = "an address (127.0.0.1, ::1), address:port (127.0.0.1:50000, [::1]:50000), "
            + "a CIDR range (10.0.0.0/8, fd00::/8) or *:port";

    private static final Pattern HOST_PORT = Pattern.compile("(\\*|\\[[0-9A-Fa-f:.]+\\]|[0-9.]+):(\\d{1,5})");

    /**
     * Parses {@code text}.
     * @throws IllegalArgumentException if it is none of the {@link #FORMS}
     */
    public static PeerFilter parse(String text) {
        String value = text.strip();
        Matcher hostPort = HOST_PORT.matcher(value);
        if (!hostPort.matches()) {
            return new PeerFilter(NetworkRange.parse(value), -1);
        }
        int port = Integer.parseInt(hostPort.group(2));
        if (port > 65535) {
            throw new IllegalArgumentException("port " + port + " is above 65535");
        }
        String host = hostPort.group(1);
        if (host.equals("*")) {
            return new PeerFilter(null, port);
        }
        return new PeerFilter(NetworkRange.parse(host.startsWith("[") ? host.substring(1, host.length() - 1) : host), port);
    }

    /** Whether {@code peer} is selected; a context without a peer (a listener) never is. */
    public boolean matches(@Nullable InetSocketAddress peer) {
        if (peer == null || (this.port >= 0 && peer.getPort() != this.port)) {
            return false;
        }
        return this.network == null || (peer.getAddress() != null && this.network.contains(peer.getAddress()));
    }
}
