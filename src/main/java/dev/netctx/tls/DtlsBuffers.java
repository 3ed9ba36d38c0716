package dev.netctx.tls;

import java.nio.ByteBuffer;

import dev.netctx.net.NetContext;
import org.jspecify.annotations.Nullable;

/**
 * The working buffers of {@link DtlsContext}s: a received datagram, a record to send, the datagram
 * being packed and a record's plaintext, about 170 KB in all. Contexts that one thread serves one at
 * a time (a server's, each until its {@code handshake} or {@code read} returns {@code WANT_READ})
 * share one set, so that an idle DTLS session holds no buffer of its own.
 */
public final class DtlsBuffers {

    /** Room for a whole record's plaintext ({@code MBEDTLS_SSL_IN_CONTENT_LEN}: 16 KiB) and more. */
    static final int PLAINTEXT = 16_384 + 2048;

    /** Nothing to wrap: a handshake step. */
    static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    final ByteBuffer in = ByteBuffer.allocate(NetContext.RECEIVE_BUFFER_SIZE).flip();

    final ByteBuffer out = ByteBuffer.allocate(NetContext.RECEIVE_BUFFER_SIZE);

    final ByteBuffer plain = ByteBuffer.allocate(PLAINTEXT).flip();

    /** The datagram being packed from records ({@link DtlsDatagramWriter}), written up to its position. */
    final ByteBuffer packet = ByteBuffer.allocate(NetContext.RECEIVE_BUFFER_SIZE);

    /** The record layer whose records or plaintext the buffers hold now. */
    private @Nullable Object owner;

    /** The buffers for {@code context} (a context's record layer), emptied of another's leftovers if it held them. */
    DtlsBuffers claim(Object context) {
        if (this.owner != context) {
            this.in.clear().flip();
            this.plain.clear().flip();
            this.packet.clear();
            this.owner = context;
        }
        return this;
    }

    /** Moves as much of the plaintext as fits into {@code dst}; the count. */
    int takePlaintext(ByteBuffer dst) {
        int n = Math.min(this.plain.remaining(), dst.remaining());
        dst.put(dst.position(), this.plain, this.plain.position(), n).position(dst.position() + n);
        this.plain.position(this.plain.position() + n);
        return n;
    }
}
