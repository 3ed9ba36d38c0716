package dev.netctx.client;

import java.nio.ByteBuffer;

import dev.netctx.net.NetException;
import dev.netctx.tls.TlsException;
import dev.netctx.tls.TlsSessionInfo;
import org.jspecify.annotations.Nullable;

/**
 * What {@link EchoConnection} asks of a secured session: TLS over TCP ({@link TlsExchange}) or
 * DTLS 1.2 over UDP ({@link DtlsExchange}). Each method waits at most until its deadline, a
 * {@link System#nanoTime()}.
 */
interface SecureExchange {

    /** {@code TLS} or {@code DTLS}, for messages. */
    String name();

    /** Runs the handshake ({@code mbedtls_ssl_handshake} until 0); {@code false} if the deadline passed first. */
    boolean handshake(long deadlineNanos) throws NetException, TlsException;

    /** What the handshake agreed; {@code null} until it is over. */
    @Nullable TlsSessionInfo session();

    /**
     * Sends {@code message} and reads as many bytes back into {@code in}.
     * @return {@code true} once they came; {@code false} if the deadline passed first
     * @throws EchoFailure when the server ends the session before
     */
    boolean exchange(byte[] message, ByteBuffer in, long deadlineNanos, String server)
            throws NetException, TlsException, EchoFailure;

    /** Tells the server this side is done, as far as the socket takes it now. */
    void closeNotify();
}
