package dev.netctx.echo;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.netctx.context.TrackedContext;
import dev.netctx.net.NetException;

/**
 * What a {@link TcpEchoSession} reads from and writes to, with {@code NetContext}'s non-blocking
 * conventions ({@code WANT_READ} / {@code WANT_WRITE} codes, {@code 0} at the end): the connection
 * itself ({@link #plain}), or a TLS session over it ({@link TlsEchoStream}).
 */
interface EchoStream {

    /** Readies the stream (the TLS handshake): {@code 0} once ready, or a {@code WANT_READ} / {@code WANT_WRITE} code. */
    int open() throws IOException;

    /** Reads into {@code dst}: a byte count, {@code 0} when the peer ended, or {@code WANT_READ}'s code. */
    int read(ByteBuffer dst) throws IOException;

    /** Writes from {@code src}: a byte count, or {@code WANT_WRITE}'s code. */
    int write(ByteBuffer src) throws IOException;

    /** Sends what {@link #write} took and could not send yet: {@code 0} once sent, or {@code WANT_WRITE}'s code. */
    int flush() throws IOException;

    /** Bytes written and not sent yet. */
    int pendingOutput();

    /** Whether {@link #read} has data without the socket being readable (records received ahead). */
    boolean hasBufferedInput();

    /** Whether the stream failed to open within its deadline (checked by the idle reaper's thread). */
    boolean openOverdue(long nowNanos);

    /** Ends the session after a failure of this stream or of the connection under it, counted as such. */
    void failed(EchoSession session, IOException ex);

    /** The connection itself. */
    static EchoStream plain(TrackedContext context) {
        return new EchoStream() {

            @Override
            public int open() {
                return 0;
            }

            @Override
            public int read(ByteBuffer dst) throws NetException {
                return context.recv(dst);
            }

            @Override
            public int write(ByteBuffer src) throws NetException {
                return context.send(src);
            }

            @Override
            public int flush() {
                return 0;
            }

            @Override
            public int pendingOutput() {
                return 0;
            }

            @Override
            public boolean hasBufferedInput() {
                return false;
            }

            @Override
            public boolean openOverdue(long nowNanos) {
                return false;
            }

            @Override
            public void failed(EchoSession session, IOException ex) {
                session.end((NetException) ex);   // the connection's calls fail with NetException only
            }
        };
    }
}
