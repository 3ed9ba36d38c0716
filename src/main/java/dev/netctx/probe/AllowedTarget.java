package dev.netctx.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import dev.netctx.context.NetworkRange;

/** One entry of {@code netctx.probe.allowed-targets}: a network (any port) or one host and port. */
sealed interface AllowedTarget {

    /**
     * Whether a probe may dial {@code address} on {@code port}. A host name of a {@code host:port}
     * entry is resolved now, so that it stands for the addresses it has when the probe runs.
     */
    boolean allows(InetAddress address, int port);

    /**
     * Parses an entry: {@code 10.0.0.0/8} or {@code 10.0.0.5} or {@code fd00::/8} (a network, any
     * port), {@code host:port}, {@code 10.0.0.5:4442} or {@code [fd00::5]:4442} (one port).
     * @throws IllegalArgumentException saying what is wrong
     */
    static AllowedTarget parse(String entry) {
        String text = entry.strip();
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "': an IPv6 host:port is [address]:port");
            }
            NetworkRange.parse(text.substring(1, close));
            return new HostPort(text.substring(1, close), port(text.substring(close + 2)));
        }
        int colon = text.indexOf(':');
        if (!text.contains("/") && colon > 0 && colon == text.lastIndexOf(':')) {
            String host = text.substring(0, colon);
            if (!host.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("'" + host + "' is not a host name or address");
            }
            return new HostPort(host, port(text.substring(colon + 1)));
        }
        return new Network(NetworkRange.parse(text));
    }

    private static int port(String text) {
        if (!text.matches("\\d{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65_535) {
            throw new IllegalArgumentException("the port after ':' must be 1..65535");
        }
        return Integer.parseInt(text);
    }

    /** Every address of a network, on any port. */
    record Network(NetworkRange range) implements AllowedTarget {

        @Override
        public boolean allows(InetAddress address, int port) {
            return this.range.contains(address);
        }
    }

    /** The addresses of one host (a literal, or a name resolved when probing) on one port. */
    record HostPort(String host, int port) implements AllowedTarget {

        @Override
        public boolean allows(InetAddress address, int port) {
            if (port != this.port) {
                return false;
            }
            try {
                return Arrays.asList(InetAddress.getAllByName(this.host)).contains(address);
            }
            catch (UnknownHostException ex) {
                return false;
            }
        }
    }
}
