package dev.netctx.net;

import java.nio.ByteBuffer;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The arguments that {@link NetContext}'s functions refuse with {@link NetError#BAD_INPUT_DATA}
 * before they touch a socket, as mbed TLS's refuse theirs, each with a message that says what was
 * given and what is allowed.
 */
final class Arguments {

    private Arguments() {
    }

    static void checkConnect(@Nullable String host, int port, @Nullable NetProtocol proto, long connectTimeoutMillis) throws NetException {
        if (host == null || proto == null || port < 1 || port > 65_535 || connectTimeoutMillis < 0
                || connectTimeoutMillis > Integer.MAX_VALUE) {
            throw new NetException(NetError.BAD_INPUT_DATA, "connect(" + host + ", " + port + ", " + proto
                    + ", timeout " + connectTimeoutMillis + " ms): host and protocol are required, port is 1..65535");
        }
    }

    static void checkBind(@Nullable String bindIp, int port, @Nullable NetProtocol proto, int backlog) throws NetException {
        if (proto == null || port < 0 || port > 65_535 || backlog < 1) {
            throw new NetException(NetError.BAD_INPUT_DATA, "bind(" + bindIp + ", " + port + ", " + proto
                    + ", backlog " + backlog + "): protocol is required, port is 0..65535, backlog at least 1");
        }
    }

    static void checkReceiveBuffer(@Nullable ByteBuffer buf) throws NetException {
        if (buf == null || buf.remaining() < NetContext.RECEIVE_BUFFER_SIZE) {
            throw new NetException(NetError.BAD_INPUT_DATA, "receive needs " + NetContext.RECEIVE_BUFFER_SIZE
                    + " bytes of room, got " + ((buf != null) ? buf.remaining() : null));
        }
    }

    static void checkInterest(@Nullable Set<PollEvent> interest) throws NetException {
        if (interest == null || interest.isEmpty()) {
            throw new NetException(NetError.BAD_INPUT_DATA, "poll needs READ and/or WRITE, got " + interest);
        }
    }

    static void checkRecvTimeout(long timeoutMillis) throws NetException {
        if (timeoutMillis < 0 || timeoutMillis > Integer.MAX_VALUE) {
            throw new NetException(NetError.BAD_INPUT_DATA, "timeout must be 0..2^31-1 ms, got " + timeoutMillis);
        }
    }

    static void checkSendBufferSize(int bytes) throws NetException {
        if (bytes <= 0) {
            throw new NetException(NetError.BAD_INPUT_DATA, "a send buffer needs at least 1 byte, not " + bytes);
        }
    }
}
