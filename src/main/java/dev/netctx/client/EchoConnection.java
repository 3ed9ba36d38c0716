package dev.netctx.client;

import java.io.Closeable;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.netctx.net.Addresses;
import dev.netctx.net.NetContext;
import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import dev.netctx.net.NetProtocol;
import dev.netctx.net.PollEvent;
import dev.netctx.tls.TlsBio;
import dev.netctx.tls.TlsConfig;
import dev.netctx.tls.TlsContext;
import dev.netctx.tls.TlsError;
import dev.netctx.tls.TlsException;
import dev.netctx.tls.TlsSessionInfo;
import org.jspecify.annotations.Nullable;

/**
 * The client's connection to an echo server, on a {@link NetContext}: {@link #echo} sends a message
 * and returns what came back, or fails with a one-line {@link EchoFailure}.
 *
 * <p>TCP: the echo of a message may arrive in several reads, so it reads until as many bytes came
 * back as were sent; it sends and reads at the same time (non-blocking, with {@link NetContext#poll}),
 * so that a message larger than the socket buffers cannot block both sides. UDP: one datagram each
 * way; no reply within the timeout is a timeout (suggesting {@code --tls} when no datagram ever came
 * back, as from a DTLS listener), an ICMP port-unreachable a refusal. With a
 * {@link TlsConfig}, TCP goes over TLS ({@link TlsExchange}) and UDP over DTLS 1.2
 * ({@link DtlsExchange}), the handshake within the timeout.
 */
final class EchoConnection implements Closeable {

    private static final Set<PollEvent> READ = EnumSet.of(PollEvent.READ);

    private static final Set<PollEvent> READ_WRITE = EnumSet.of(PollEvent.READ, PollEvent.WRITE);

    /**
     * Added to a plain UDP timeout when no datagram ever came back: a DTLS listener drops datagrams
     * that are not DTLS records (counted {@code not-dtls}), so a client that forgot {@code --tls}
     * hears nothing at all.
     */
    private static final String NO_ANSWER_HINT = "; if that port is a DTLS listener, add --tls";

    private final NetContext context;

    private final String server;

    private final long timeoutMillis;

    private @Nullable ByteBuffer datagram;

    private @Nullable SecureExchange tls;

    private boolean datagramAnswered;

    private EchoConnection(NetContext context, String server, long timeoutMillis) {
        this.context = context;
        this.server = server;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * {@link #open}, then a TLS handshake over the TCP connection within {@code timeout}.
     * @param serverName the name sent as SNI and checked against the server's certificate (unless
     * {@code config} verifies nothing)
     */
    static EchoConnection openTls(String host, int port, Duration timeout, TlsConfig config, String serverName)
            throws EchoFailure {
        EchoConnection connection = open(NetProtocol.TCP, host, port, timeout);
        TlsContext tls = new TlsContext(config);
        tls.setBio(TlsBio.of(connection.context));
        tls.setHostname(serverName);
        tls.setPeerPort(port);
        return connection.secure(new TlsExchange(connection.context, tls));
    }

    /**
     * {@link #open} over UDP, then a DTLS 1.2 handshake within {@code timeout}, its flights sent
     * again while unanswered.
     * @param config a client configuration of a {@code DTLS} {@code SSLContext}
     * @param serverName as for {@link #openTls}
     */
    static EchoConnection openDtls(String host, int port, Duration timeout, TlsConfig config, String serverName)
            throws EchoFailure {
        EchoConnection connection = open(NetProtocol.UDP, host, port, timeout);
        return connection.secure(new DtlsExchange(connection.context, config, serverName, port, timeout));
    }

    private EchoConnection secure(SecureExchange exchange) throws EchoFailure {
        try {
            if (!exchange.handshake(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.timeoutMillis))) {
                throw EchoFailure.network("No " + exchange.name() + " handshake with server at " + this.server + " within "
                        + formatMillis(this.timeoutMillis) + ": " + TlsError.TIMEOUT);
            }
        }
        catch (NetException ex) {
            close();
            throw refusedOr(ex, exchange.name() + " handshake with server at " + this.server + " failed: " + describe(ex));
        }
        catch (TlsException ex) {
            close();
            throw EchoFailure.network(exchange.name() + " handshake with server at " + this.server + " failed: " + ex.getMessage());
        }
        catch (EchoFailure ex) {
            close();
            throw ex;
        }
        this.tls = exchange;
        return this;
    }

    /** What the TLS or DTLS handshake agreed, or {@code null} without either. */
    @Nullable TlsSessionInfo tlsSession() {
        return (this.tls != null) ? this.tls.session() : null;
    }

    /**
     * Connects to {@code host:port}; a TCP connection must be accepted within {@code timeout}, which
     * also bounds the wait for each echo.
     */
    static EchoConnection open(NetProtocol protocol, String host, int port, Duration timeout) throws EchoFailure {
        String server = serverAddress(host, port);
        NetContext context = new NetContext();
        try {
            context.connect(host, port, protocol, timeout.toMillis());
            if (protocol == NetProtocol.TCP) {
                context.setNoDelay(true);
                context.setNonBlocking();
            }
            return new EchoConnection(context, server, timeout.toMillis());
        }
        catch (NetException ex) {
            context.close();
            throw EchoFailure.network("Couldn't connect to server at " + server + ": " + describe(ex));
        }
    }

    /** {@code host:port}, as {@link Addresses#format(String, int)} prints it. */
    static String serverAddress(String host, int port) {
        return Addresses.format(host, port);
    }

    /** The server as {@code host:port}, for messages. */
    String server() {
        return this.server;
    }

    /**
     * Sends {@code message} and returns its echo: on TCP exactly {@code message.length} bytes, on UDP
     * the datagram that came back.
     * @throws EchoFailure when sending fails, the connection is lost or closed, or the echo does not
     * come within the timeout
     */
    byte[] echo(byte[] message) throws EchoFailure {
        try {
            if (this.tls != null) {
                return exchangeTls(message);
            }
            return (this.context.protocol() == NetProtocol.TCP) ? exchangeStream(message) : exchangeDatagram(message);
        }
        catch (NetException ex) {
            throw refusedOr(ex, failureVerb(ex) + " server at " + this.server + ": " + describe(ex));
        }
        catch (TlsException ex) {
            throw EchoFailure.network(this.tls.name() + " session with server at " + this.server + " failed: " + ex.getMessage());
        }
    }

    private byte[] exchangeTls(byte[] message) throws NetException, TlsException, EchoFailure {
        ByteBuffer in = ByteBuffer.allocate(message.length);
        if (!this.tls.exchange(message, in, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.timeoutMillis), this.server)) {
            throw timeout("(" + in.position() + " of " + message.length + " bytes came back)");
        }
        return in.array();
    }

    private byte[] exchangeStream(byte[] message) throws NetException, EchoFailure {
        ByteBuffer out = ByteBuffer.wrap(message);
        ByteBuffer in = ByteBuffer.allocate(message.length);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.timeoutMillis);
        while (in.hasRemaining()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime() + 999_999);
            Set<PollEvent> ready = (left > 0) ? this.context.poll(out.hasRemaining() ? READ_WRITE : READ, left) : Set.of();
            if (ready.isEmpty()) {
                throw timeout("(" + in.position() + " of " + message.length + " bytes came back)");
            }
            if (ready.contains(PollEvent.WRITE)) {
                this.context.send(out);
            }
            if (ready.contains(PollEvent.READ) && this.context.recv(in) == 0) {
                throw EchoFailure.network("Server at " + this.server + " closed the connection ("
                        + in.position() + " of " + message.length + " bytes came back)");
            }
        }
        return in.array();
    }

    private byte[] exchangeDatagram(byte[] message) throws NetException, EchoFailure {
        if (this.datagram == null) {
            this.datagram = ByteBuffer.allocate(NetContext.MAX_DATAGRAM_SIZE);
        }
        this.context.send(message);
        ByteBuffer in = this.datagram.clear();
        int received = this.context.recv(in, this.timeoutMillis);
        if (received == NetError.TIMEOUT.code()) {
            throw this.datagramAnswered ? timeout("") : timeout("", NO_ANSWER_HINT);
        }
        this.datagramAnswered = true;
        return Arrays.copyOf(in.array(), received);
    }

    private EchoFailure timeout(String detail) {
        return timeout(detail, "");
    }

    private EchoFailure timeout(String detail, String hint) {
        return EchoFailure.network("No echo from server at " + this.server + " within " + formatMillis(this.timeoutMillis)
                + (detail.isEmpty() ? "" : " " + detail) + ": " + NetError.TIMEOUT + hint);
    }

    /** A refusal when an ICMP port unreachable came back for a datagram; otherwise {@code message}. */
    private EchoFailure refusedOr(NetException ex, String message) {
        if (ex.getCause() instanceof PortUnreachableException) {
            return EchoFailure.network("Server at " + this.server + " refused the datagram (ICMP port unreachable: "
                    + "nothing listening?): " + ex.error());
        }
        return EchoFailure.network(message);
    }

    private static String failureVerb(NetException ex) {
        return switch (ex.error()) {
            case SEND_FAILED -> "Couldn't send to";
            case RECV_FAILED -> "Couldn't receive from";
            default -> "Lost connection to";
        };
    }

    /** {@code NAME (-0x00NN)}, followed by what the operating system said, if it said anything. */
    private static String describe(NetException ex) {
        Throwable cause = ex.getCause();
        String detail = (cause != null) ? cause.getMessage() : null;
        return (detail != null && !detail.isBlank()) ? ex.error() + ": " + detail : ex.error().toString();
    }

    private static String formatMillis(long millis) {
        return (millis % 1000 == 0) ? (millis / 1000) + " s" : millis + " ms";
    }

    @Override
    public void close() {
        if (this.tls != null) {
            this.tls.closeNotify();
        }
        this.context.close();
    }
}
