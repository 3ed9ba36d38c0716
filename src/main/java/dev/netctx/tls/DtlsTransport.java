package dev.netctx.tls;

import java.nio.ByteBuffer;

import dev.netctx.net.NetContext;
import dev.netctx.net.NetException;

/**
 * The datagram transport of a {@link DtlsContext}: the {@code f_send} / {@code f_recv_timeout}
 * callbacks that {@code mbedtls_ssl_set_bio} binds to an mbed TLS context. {@link #of(NetContext)}
 * is mbed TLS's usual choice ({@code mbedtls_net_send} / {@code mbedtls_net_recv_timeout}); a server
 * that reads one socket for all its peers supplies its own.
 */
public interface DtlsTransport {

    /**
     * {@code f_send}: sends one datagram, {@code buf} from position to limit.
     * @return the bytes sent, or {@code WANT_WRITE}'s code
     */
    int send(ByteBuffer buf) throws NetException;

    /**
     * {@code f_recv_timeout}: receives one datagram into {@code buf}.
     * @param timeoutMillis above 0: wait at most that long; 0: as the transport's mode (a blocking one
     * waits for ever, a non-blocking one does not wait)
     * @return the bytes received, or the code of {@code WANT_READ} (nothing there, non-blocking) or
     * {@code TIMEOUT} (nothing came in time)
     */
    int recv(ByteBuffer buf, long timeoutMillis) throws NetException;

    /** A connected UDP context (a client's) or an accepted UDP peer, as mbed TLS's {@code mbedtls_net_*} callbacks. */
    static DtlsTransport of(NetContext context) {
        return new DtlsTransport() {

            @Override
            public int send(ByteBuffer buf) throws NetException {
                return context.send(buf);
            }

            @Override
            public int recv(ByteBuffer buf, long timeoutMillis) throws NetException {
                return (timeoutMillis > 0) ? context.recv(buf, timeoutMillis) : context.recv(buf);
            }
        };
    }
}
