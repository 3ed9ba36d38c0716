package dev.netctx.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

import dev.netctx.net.NetError;
import dev.netctx.tls.TlsConfig;
import dev.netctx.tls.TlsContext;
import org.jspecify.annotations.Nullable;

/**
 * One connection of a {@link ConnectionScale} run, driven by its selector: connected, its TLS
 * handshake done when it talks TLS, its one message sent, and its echo read and compared with what
 * was sent. Over TLS, every step goes through the connection's {@link TlsContext} on the
 * non-blocking channel, so that one thread drives the handshakes of thousands of connections.
 */
final class ScaleConnection {

    /** Where a connection is after a step. */
    enum Progress {
        /** Waiting for the interest it has set. */
        WAITING,
        /** Its whole echo is back and verified: it is held, polled for nothing. */
        ECHOED,
        /** Its echo differs from what was sent, at {@link #mismatchAt()}. */
        MISMATCHED
    }

    private enum State { CONNECTING, HANDSHAKING, SENDING, RECEIVING }

    final int id;

    final SocketChannel channel;

    final long openedAt;

    private final @Nullable TlsContext tls;

    /** The message, and once sent, how far its echo has come. */
    private final ByteBuffer message;

    private State state = State.CONNECTING;

    private int received;

    private int mismatchAt = -1;

    /** Whether it is finished, echoed or failed: the pending list drops it. */
    boolean done;

    /**
     * @param message the message to send, filled
     * @param tls the client configuration when the connection talks TLS, else {@code null}
     * @param serverName the SNI to send over TLS
     */
    ScaleConnection(int id, SocketChannel channel, long openedAt, ByteBuffer message, @Nullable TlsConfig tls,
            @Nullable String serverName) {
        this.id = id;
        this.channel = channel;
        this.openedAt = openedAt;
        this.message = message;
        this.tls = (tls != null) ? new TlsContext(tls) : null;
        if (this.tls != null) {
            this.tls.setBio(new ChannelBio(channel));
            this.tls.setHostname(serverName);
        }
    }

    /**
     * Takes the step that {@code key}'s readiness allows and sets the interest of the next one;
     * {@code in} is a scratch buffer of at least the message's size plus one byte.
     * @throws IOException when the connection fails (refused, reset, closed early, a TLS failure)
     */
    Progress step(SelectionKey key, ByteBuffer in) throws IOException {
        if (this.state == State.CONNECTING) {
            this.channel.finishConnect();
            this.state = (this.tls != null) ? State.HANDSHAKING : State.SENDING;
        }
        if (this.state == State.HANDSHAKING) {
            int result = this.tls.handshake();
            if (result != 0) {
                return waitFor(key, result);
            }
            this.state = State.SENDING;
        }
        if (this.state == State.SENDING) {
            int result = send();
            if (result != 0) {
                return waitFor(key, result);
            }
            this.state = State.RECEIVING;
            this.message.flip();   // the message again, to compare the echo with
        }
        return receive(key, in);
    }

    /** Where the echo first differed from the message, once {@link Progress#MISMATCHED}. */
    int mismatchAt() {
        return this.mismatchAt;
    }

    private int send() throws IOException {
        if (this.tls == null) {
            this.channel.write(this.message);
            if (this.message.hasRemaining()) {
                throw new IOException("a " + this.message.capacity() + "-byte message did not fit the socket buffer");
            }
            return 0;
        }
        while (this.message.hasRemaining()) {
            int written = this.tls.write(this.message);
            if (written < 0) {
                return written;
            }
        }
        return this.tls.flush();
    }

    private Progress receive(SelectionKey key, ByteBuffer in) throws IOException {
        int size = this.message.limit();
        while (true) {
            in.clear().limit(size - this.received + 1);
            int read = readSome(in);
            if (read < 0) {
                return waitFor(key, read);
            }
            int mismatch = (this.received + read > size) ? size - this.received
                    : Arrays.mismatch(this.message.array(), this.received, this.received + read, in.array(), 0, read);
            if (mismatch >= 0) {
                this.mismatchAt = this.received + mismatch;
                return Progress.MISMATCHED;
            }
            this.received += read;
            if (this.received == size) {
                key.interestOps(0);
                return Progress.ECHOED;
            }
        }
    }

    /** Bytes read into {@code in}, or {@code WANT_READ}'s (or over TLS {@code WANT_WRITE}'s) code when none are there yet. */
    private int readSome(ByteBuffer in) throws IOException {
        int read;
        if (this.tls == null) {
            read = this.channel.read(in);
            if (read == 0) {
                return NetError.WANT_READ.code();
            }
        }
        else {
            read = this.tls.read(in);
            if (read == NetError.WANT_READ.code() || read == NetError.WANT_WRITE.code()) {
                return read;
            }
        }
        if (read <= 0) {   // the end of the stream, or the server's close_notify
            throw new IOException("closed by the server before its echo");
        }
        return read;
    }

    private static Progress waitFor(SelectionKey key, int want) {
        key.interestOps((want == NetError.WANT_WRITE.code()) ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        return Progress.WAITING;
    }

    /** Closes the channel (the TLS session with it, without a close_notify: the server sees the end of the stream). */
    void close() {
        try {
            this.channel.close();
        }
        catch (IOException ex) {
            // nothing left to release
        }
    }
}
