package dev.netctx.client;

import java.nio.ByteBuffer;
import java.time.Duration;

import dev.netctx.net.NetContext;
import dev.netctx.net.NetException;
import dev.netctx.tls.DtlsBuffers;
import dev.netctx.tls.DtlsContext;
import dev.netctx.tls.DtlsSettings;
import dev.netctx.tls.TlsConfig;
import dev.netctx.tls.TlsError;
import dev.netctx.tls.TlsException;
import dev.netctx.tls.TlsSessionInfo;
import org.jspecify.annotations.Nullable;

/**
 * The client's DTLS 1.2 over a connected UDP context: a {@link DtlsContext} in its client role, with
 * RFC 6347's retransmission timer (a flight unanswered for 1 s is sent again, the wait doubling) and
 * the client's timeout as its handshake timeout. An echo is written as records of at most
 * {@link DtlsSettings#DEFAULTS}' MTU and read back record by record until as many bytes came; a
 * datagram lost after the handshake is not sent again (DTLS does not), so its echo times out.
 */
final class DtlsExchange implements SecureExchange {

    private final DtlsContext dtls;

    private final DeadlineBio bio;

    /**
     * @param context a UDP context connected to the server
     * @param config a client configuration of a {@code DTLS} {@code SSLContext}
     * @param serverName the name sent as SNI and checked against the server's certificate
     * @param timeout the longest the handshake may take; its first retransmission comes after the
     * shorter of 1 s and this
     */
    DtlsExchange(NetContext context, TlsConfig config, String serverName, int port, Duration timeout) {
        Duration first = (timeout.compareTo(DtlsSettings.DEFAULTS.retransmitMin()) < 0) ? timeout
                : DtlsSettings.DEFAULTS.retransmitMin();
        DtlsSettings settings = new DtlsSettings(DtlsSettings.DEFAULTS.mtu(), first, DtlsSettings.DEFAULTS.retransmitMax(),
                timeout);
        this.bio = new DeadlineBio(context);
        this.dtls = new DtlsContext(config.readTimeout(0), settings, new DtlsBuffers());
        this.dtls.setBio(this.bio);
        this.dtls.setHostname(serverName, port);
    }

    @Override
    public String name() {
        return "DTLS";
    }

    /** The handshake; it ends at its own handshake timeout, the client's timeout, which {@code deadlineNanos} also is. */
    @Override
    public boolean handshake(long deadlineNanos) throws NetException, TlsException {
        this.bio.unbounded();
        return this.dtls.handshake() == 0;
    }

    @Override
    public @Nullable TlsSessionInfo session() {
        return this.dtls.session();
    }

    @Override
    public boolean exchange(byte[] message, ByteBuffer in, long deadlineNanos, String server)
            throws NetException, TlsException, EchoFailure {
        this.bio.until(deadlineNanos);
        this.dtls.write(ByteBuffer.wrap(message));
        while (in.hasRemaining()) {
            int read = this.dtls.read(in);
            if (read == TlsError.PEER_CLOSE_NOTIFY.code()) {
                throw EchoFailure.network("Server at " + server + " closed the DTLS session (" + in.position() + " of "
                        + message.length + " bytes came back)");
            }
            if (read < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void closeNotify() {
        try {
            this.dtls.closeNotify();
        }
        catch (NetException | TlsException ex) {
            // closing anyway
        }
    }
}
