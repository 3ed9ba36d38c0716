package dev.netctx.context;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import dev.netctx.net.Addresses;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}; an address alone is
 * a network of one). Parsed from literals only: a host name is refused, never resolved.
 * @param network the network's address bytes (4 or 16), host bits cleared
 * @param prefixLength the number of leading bits that must match
 */
public record NetworkRange(byte[] network, int prefixLength) {

    /**
     * Parses {@code cidr}.
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static NetworkRange parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String address = (slash >= 0) ? text.substring(0, slash) : text;
        byte[] bytes = literal(address);
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = text.substring(slash + 1);
            if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("the prefix length after '/' must be 0.." + bits);
            }
            prefix = Integer.parseInt(length);
        }
        for (int bit = prefix; bit < bits; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new NetworkRange(bytes, prefix);
    }

    private static byte[] literal(String address) {
        boolean ipv4 = address.matches("(\\d{1,3}\\.){3}\\d{1,3}");
        if (ipv4) {
            for (String part : address.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
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

    /** Whether {@code address} is in this network (an IPv4 address is never in an IPv6 network, nor the reverse). */
    public boolean contains(InetAddress address) {
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
        return rest == 0 || (bytes[whole] & mask) == (this.network[whole] & 0xFF);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NetworkRange range && range.prefixLength == this.prefixLength
                && Arrays.equals(range.network, this.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(this.network) + this.prefixLength;
    }

    @Override
    public String toString() {
        try {
            return Addresses.host(InetAddress.getByAddress(this.network)) + "/" + this.prefixLength;
        }
        catch (UnknownHostException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
