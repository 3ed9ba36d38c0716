package dev.netctx.tls;

import java.nio.ByteBuffer;

import dev.netctx.net.NetContext;
import dev.netctx.net.NetException;

/**
 * The transport a {@link TlsContext} sends its records over and receives them from: the three
 * callbacks of {@code mbedtls_ssl_set_bio} ({@code f_send}, {@code f_recv}, {@code f_recv_timeout}),
 * with {@link NetContext}'s return conventions: a byte count, {@code 0} for the end of the stream,
 * or the codes {@code WANT_READ}, {@code WANT_WRITE} and {@code TIMEOUT}; failures throw
 * {@link NetException}. A service passes one that counts bytes; DTLS passes a datagram one.
 */
public interface TlsBio {

    /** {@code f_send} ({@code mbedtls_net_send}): writes the remaining bytes of {@code buf}, or some of them. */
    int send(ByteBuffer buf) throws NetException;

    /** {@code f_recv} ({@code mbedtls_net_recv}): reads at most {@code buf.remaining()} bytes. */
    int recv(ByteBuffer buf) throws NetException;

    /**
     * {@code f_recv_timeout} ({@code mbedtls_net_recv_timeout}): as {@link #recv}, waiting at most
     * {@code timeoutMillis} for data; {@code TIMEOUT}'s code when none came. By default {@link #recv}.
     */
    default int recvTimeout(ByteBuffer buf, long timeoutMillis) throws NetException {
        return recv(buf);
    }

    /**
     * A transport of two calls and no timed receive: {@code mbedtls_ssl_set_bio(&ssl, ctx, f_send,
     * f_recv, NULL)}, e.g. a wrapper's that counts the bytes of a context.
     */
    static TlsBio of(Transfer send, Transfer recv) {
        return new TlsBio() {

            @Override
            public int send(ByteBuffer buf) throws NetException {
                return send.apply(buf);
            }

            @Override
            public int recv(ByteBuffer buf) throws NetException {
                return recv.apply(buf);
            }
        };
    }

    /** One of the calls of {@link #of(Transfer, Transfer)}, with {@link TlsBio}'s conventions. */
    @FunctionalInterface
    interface Transfer {

        int apply(ByteBuffer buf) throws NetException;
    }

    /** A context's own calls: {@code mbedtls_ssl_set_bio(&ssl, &net, mbedtls_net_send, mbedtls_net_recv, mbedtls_net_recv_timeout)}. */
    static TlsBio of(NetContext context) {
        return new TlsBio() {

            @Override
            public int send(ByteBuffer buf) throws NetException {
                return context.send(buf);
            }

            @Override
            public int recv(ByteBuffer buf) throws NetException {
                return context.recv(buf);
            }

            @Override
            public int recvTimeout(ByteBuffer buf, long timeoutMillis) throws NetException {
                return context.recv(buf, timeoutMillis);
            }
        };
    }
}
