package dev.netctx.probe;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

import dev.netctx.context.NetContextFactory;
import dev.netctx.context.TrackedContext;
import dev.netctx.net.Addresses;
import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import dev.netctx.net.NetProtocol;
import org.jspecify.annotations.Nullable;

/**
 * One try of a probe: connects a client context ({@code mbedtls_net_connect}; it is listed in the
 * registry, role {@code CLIENT}, while the try runs), sends a fresh random payload, reads the echo
 * back within what is left of the try's timeout and compares it byte for byte.
 */
final class EchoTry {

    /** The name the try's context is listed under. */
    static final String CONTEXT_NAME = "probe";

    private final NetContextFactory factory;

    EchoTry(NetContextFactory factory) {
        this.factory = factory;
    }

    ProbeResult run(NetProtocol protocol, InetAddress address, int port, int size, long timeoutMillis) {
        String remote = Addresses.format(Addresses.host(address), port);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        long started = System.nanoTime();
        TrackedContext context;
        try {
            context = this.factory.connect(CONTEXT_NAME, Addresses.host(address), port, protocol, timeoutMillis);
        }
        catch (NetException ex) {
            return failed(ex, null, null, remote);
        }
        Double connectMillis = (protocol == NetProtocol.TCP) ? millis(System.nanoTime() - started) : null;
        String local = context.info().local();
        try {
            byte[] payload = new byte[size];
            ThreadLocalRandom.current().nextBytes(payload);
            long sent = System.nanoTime();
            send(context, ByteBuffer.wrap(payload));
            // one more byte than sent: a UDP reply larger than the datagram is a mismatch, not cut to size
            ByteBuffer echo = ByteBuffer.allocate(size + ((protocol == NetProtocol.UDP) ? 1 : 0));
            String shortfall = receive(context, protocol, echo, deadline);
            if (shortfall != null) {
                return result(ProbeOutcome.TIMEOUT, null, connectMillis, local, remote, shortfall);
            }
            double rtt = millis(System.nanoTime() - sent);
            if (echo.position() != size || !Arrays.equals(payload, 0, size, echo.array(), 0, size)) {
                return result(ProbeOutcome.MISMATCH, rtt, connectMillis, local, remote,
                        "sent " + size + " B, got back " + echo.position() + " B"
                                + ((echo.position() == size) ? " that differ" : ""));
            }
            return result(ProbeOutcome.OK, rtt, connectMillis, local, remote, null);
        }
        catch (NetException ex) {
            return failed(ex, connectMillis, local, remote);
        }
        catch (PeerClosed ex) {
            return result(ProbeOutcome.MISMATCH, null, connectMillis, local, remote, ex.getMessage());
        }
        finally {
            context.close("probe try finished");
        }
    }

    private static void send(TrackedContext context, ByteBuffer payload) throws NetException {
        while (payload.hasRemaining()) {
            context.send(payload);
        }
    }

    /**
     * Reads the echo into {@code echo} until it holds what was sent (TCP) or one datagram came (UDP).
     * @return {@code null} when it came, else why it did not come in time
     */
    private static @Nullable String receive(TrackedContext context, NetProtocol protocol, ByteBuffer echo, long deadline)
            throws NetException, PeerClosed {
        int expected = (protocol == NetProtocol.UDP) ? echo.capacity() - 1 : echo.capacity();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left < 1) {
                return "no full echo within the timeout: " + echo.position() + " of " + expected + " B back";
            }
            int read = context.recv(echo, left);
            if (read == NetError.TIMEOUT.code()) {
                continue;
            }
            if (read == 0 && protocol == NetProtocol.TCP) {
                throw new PeerClosed("the peer closed the connection after echoing " + echo.position() + " of "
                        + expected + " B");
            }
            if (protocol == NetProtocol.UDP || echo.position() >= expected) {
                return null;
            }
        }
    }

    private static ProbeResult failed(NetException ex, @Nullable Double connectMillis, @Nullable String local,
            String remote) {
        return result(outcome(ex), null, connectMillis, local, remote, ex.getMessage());
    }

    /** The outcome a failure stands for, from its mbed TLS error and the JDK's cause. */
    static ProbeOutcome outcome(NetException ex) {
        Throwable cause = ex.getCause();
        if (ex.error() == NetError.CONN_RESET) {
            return ProbeOutcome.RESET;
        }
        if (cause instanceof PortUnreachableException || cause instanceof ConnectException) {
            return ProbeOutcome.REFUSED;
        }
        if (cause instanceof SocketTimeoutException) {
            return ProbeOutcome.TIMEOUT;
        }
        return ProbeOutcome.ERROR;
    }

    private static ProbeResult result(ProbeOutcome outcome, @Nullable Double rtt, @Nullable Double connectMillis,
            @Nullable String local, String remote, @Nullable String detail) {
        return new ProbeResult(outcome.tag(), rtt, connectMillis, local, remote, detail);
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    /** The TCP peer closed before the whole echo came back. */
    private static final class PeerClosed extends Exception {

        private static final long serialVersionUID = 1L;

        PeerClosed(String message) {
            super(message, null, false, false);
        }
    }
}
