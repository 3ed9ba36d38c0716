package dev.netctx.net;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** The transport of a context: {@code MBEDTLS_NET_PROTO_TCP} or {@code MBEDTLS_NET_PROTO_UDP}. */
public enum NetProtocol {

    /** A stream socket ({@code MBEDTLS_NET_PROTO_TCP}). */
    TCP,
    /** A datagram socket ({@code MBEDTLS_NET_PROTO_UDP}). */
    UDP;

    /**
     * Parses {@code tcp} or {@code udp}, ignoring case.
     * @throws IllegalArgumentException naming the accepted values if the text is neither
     */
    public static NetProtocol parse(@Nullable String text) {
        if (text != null) {
            for (NetProtocol protocol : values()) {
                if (protocol.name().equalsIgnoreCase(text.trim())) {
                    return protocol;
                }
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + text + "', expected tcp or udp");
    }

    /** The lower-case name, as used in configuration and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
