package dev.netctx.net;

import org.jspecify.annotations.Nullable;

/**
 * The error codes of mbed TLS's {@code net_sockets} module ({@code MBEDTLS_ERR_NET_*}), with the
 * exact values of mbed TLS 3.6 LTS, plus the three SSL codes that module returns for non-fatal
 * outcomes ({@code MBEDTLS_ERR_SSL_WANT_READ}, {@code MBEDTLS_ERR_SSL_WANT_WRITE},
 * {@code MBEDTLS_ERR_SSL_TIMEOUT}).
 */
public enum NetError implements MbedError {

    /** {@code MBEDTLS_ERR_NET_SOCKET_FAILED}: failed to open a socket. */
    SOCKET_FAILED(-0x0042),
    /** {@code MBEDTLS_ERR_NET_CONNECT_FAILED}: the connection to the given server / port failed. */
    CONNECT_FAILED(-0x0044),
    /** {@code MBEDTLS_ERR_NET_BIND_FAILED}: binding of the socket failed. */
    BIND_FAILED(-0x0046),
    /** {@code MBEDTLS_ERR_NET_LISTEN_FAILED}: could not listen on the socket. */
    LISTEN_FAILED(-0x0048),
    /** {@code MBEDTLS_ERR_NET_ACCEPT_FAILED}: could not accept the incoming connection. */
    ACCEPT_FAILED(-0x004A),
    /** {@code MBEDTLS_ERR_NET_RECV_FAILED}: reading information from the socket failed. */
    RECV_FAILED(-0x004C),
    /** {@code MBEDTLS_ERR_NET_SEND_FAILED}: sending information through the socket failed. */
    SEND_FAILED(-0x004E),
    /** {@code MBEDTLS_ERR_NET_CONN_RESET}: connection was reset by peer. */
    CONN_RESET(-0x0050),
    /** {@code MBEDTLS_ERR_NET_UNKNOWN_HOST}: failed to get an IP address for the given hostname. */
    UNKNOWN_HOST(-0x0052),
    /** {@code MBEDTLS_ERR_NET_BUFFER_TOO_SMALL}: buffer is too small to hold the data. */
    BUFFER_TOO_SMALL(-0x0043),
    /** {@code MBEDTLS_ERR_NET_INVALID_CONTEXT}: the context is invalid, e.g. because it was freed. */
    INVALID_CONTEXT(-0x0045),
    /** {@code MBEDTLS_ERR_NET_POLL_FAILED}: polling the net context failed. */
    POLL_FAILED(-0x0047),
    /** {@code MBEDTLS_ERR_NET_BAD_INPUT_DATA}: input invalid. */
    BAD_INPUT_DATA(-0x0049),
    /** {@code MBEDTLS_ERR_SSL_WANT_READ}: no data of interest was received yet (non-blocking). */
    WANT_READ(-0x6900),
    /** {@code MBEDTLS_ERR_SSL_WANT_WRITE}: the socket cannot take more data now (non-blocking). */
    WANT_WRITE(-0x6880),
    /** {@code MBEDTLS_ERR_SSL_TIMEOUT}: the operation timed out. */
    TIMEOUT(-0x6800);

    private final int code;

    NetError(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return this.code;
    }

    /** The error with the given mbed TLS code, or {@code null} if no net error has it. */
    public static @Nullable NetError fromCode(int code) {
        return MbedError.fromCode(NetError.class, code);
    }

    /** {@link #label()}: {@code NAME (-0xNNNN)}, the form netctx uses in messages. */
    @Override
    public String toString() {
        return label();
    }
}
