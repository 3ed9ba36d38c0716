package dev.netctx.proxy;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Takes a PROXY protocol header (v1 or v2) from the front of a stream, as the socket delivers it:
 * {@link #read} is given each read in turn, consumes the header's bytes and no more, and gives the
 * header once it is complete. The header may arrive split anywhere. The reader holds what it
 * consumed of an incomplete header: at most {@value ProxyV1#MAX_LENGTH} bytes for v1 and 16 + 4,096
 * for v2; anything longer, or anything that does not match the specification, fails at the first
 * byte that shows it (a wrong character, a CR without LF, a bad version). Bytes that cannot start a
 * header make it {@link #absent()}: they are {@link #held()} for the caller, who decides whether
 * they are a client's own bytes or a failure. One reader per connection, used by one thread at a time.
 */
public final class ProxyHeaderReader {

    private static final int UNDECIDED = 0;

    private byte[] held = new byte[ProxyV2.FIXED_LENGTH];

    private int length;

    /** 0 until a signature is recognized, then 1 or 2. */
    private int version = UNDECIDED;

    /** v2: the header's whole length once its fixed part is in, else 0. */
    private int expected;

    private boolean absent;

    /**
     * Consumes header bytes from {@code input} (from its position; never past the header's end) and
     * returns the header once it is complete; {@code null} while more bytes are needed or when the
     * bytes cannot start a header ({@link #absent()}: then all of {@code input} was consumed that
     * was needed to tell, see {@link #held()}).
     * @throws ProxyProtocolException if the bytes start a header that is invalid, or too long
     */
    public @Nullable ProxyHeader read(ByteBuffer input) throws ProxyProtocolException {
        if (this.absent) {
            throw new IllegalStateException("no header to read: the stream does not start with one");
        }
        while (input.hasRemaining()) {
            ProxyHeader header = switch (this.version) {
                case UNDECIDED -> recognize(input.get());
                case 1 -> lineByte(input.get());
                default -> binary(input);
            };
            if (header != null || this.absent) {
                return header;
            }
        }
        return null;
    }

    /**
     * Takes the v2 header at the front of a datagram ({@code datagram}'s position moves past it) and
     * returns it, or {@code null} if the datagram does not start with the v2 signature (its
     * position is unchanged then). A datagram carries its header whole.
     * @throws ProxyProtocolException if the header is invalid, or the datagram ends within it
     */
    public static @Nullable ProxyHeader readDatagram(ByteBuffer datagram) throws ProxyProtocolException {
        int start = datagram.position();
        if (!startsWith(datagram, start, ProxyV2.SIGNATURE)) {
            return null;
        }
        if (datagram.remaining() < ProxyV2.FIXED_LENGTH) {
            throw new ProxyProtocolException("datagram of " + datagram.remaining() + " bytes ends in a v2 header's fixed part");
        }
        ProxyV2.checkVersion(datagram.get(start + 12));
        int length = ProxyV2.length(datagram, start);
        if (datagram.remaining() < length) {
            throw new ProxyProtocolException("datagram of " + datagram.remaining() + " bytes ends in a v2 header of " + length);
        }
        ProxyHeader header = ProxyV2.parse(datagram, start, length, true);
        datagram.position(start + length);
        return header;
    }

    /** Whether the stream started with bytes that cannot start a PROXY protocol header. */
    public boolean absent() {
        return this.absent;
    }

    /** Whether a v1 or v2 signature was seen: the stream starts with a header (complete or not). */
    public boolean signatureSeen() {
        return this.version != UNDECIDED;
    }

    /** Bytes consumed and held so far (of an incomplete header, or the ones that made it {@link #absent()}). */
    public int heldLength() {
        return this.length;
    }

    /** A copy of the bytes consumed and held so far, see {@link #heldLength()}. */
    public ByteBuffer held() {
        return ByteBuffer.wrap(Arrays.copyOf(this.held, this.length));
    }

    /** The first bytes, until they match one signature in full or neither. */
    private @Nullable ProxyHeader recognize(byte b) {
        hold(b);
        boolean v1 = this.length <= ProxyV1.SIGNATURE.length && prefixOf(ProxyV1.SIGNATURE);
        boolean v2 = this.length <= ProxyV2.SIGNATURE.length && prefixOf(ProxyV2.SIGNATURE);
        if (v1 && this.length == ProxyV1.SIGNATURE.length) {
            this.version = 1;
        }
        else if (v2 && this.length == ProxyV2.SIGNATURE.length) {
            this.version = 2;
        }
        else if (!v1 && !v2) {
            this.absent = true;
        }
        return null;
    }

    private @Nullable ProxyHeader lineByte(byte b) throws ProxyProtocolException {
        byte previous = this.held[this.length - 1];
        hold(b);
        if (b == '\n') {
            if (previous != '\r') {
                throw new ProxyProtocolException("v1 header ends in LF without CR");
            }
            return ProxyV1.parse(this.held, this.length);
        }
        if (previous == '\r') {
            throw new ProxyProtocolException("v1 header has a CR without LF");
        }
        if (b != '\r' && !ProxyV1.allowed(b)) {
            throw new ProxyProtocolException(String.format("byte 0x%02X at %d in a v1 header", b & 0xFF, this.length - 1));
        }
        if (this.length >= ProxyV1.MAX_LENGTH) {
            throw new ProxyProtocolException("v1 header without CRLF in its first " + ProxyV1.MAX_LENGTH + " bytes");
        }
        return null;
    }

    private @Nullable ProxyHeader binary(ByteBuffer input) throws ProxyProtocolException {
        if (this.expected == 0) {
            take(input, ProxyV2.FIXED_LENGTH);
            if (this.length > ProxyV2.SIGNATURE.length) {
                ProxyV2.checkVersion(this.held[ProxyV2.SIGNATURE.length]);
            }
            if (this.length < ProxyV2.FIXED_LENGTH) {
                return null;
            }
            this.expected = ProxyV2.length(ByteBuffer.wrap(this.held), 0);
            this.held = Arrays.copyOf(this.held, this.expected);
        }
        take(input, this.expected);
        return (this.length < this.expected) ? null
                : ProxyV2.parse(ByteBuffer.wrap(this.held, 0, this.length), 0, this.length, false);
    }

    /** Takes bytes from {@code input} until {@code upTo} are held. */
    private void take(ByteBuffer input, int upTo) {
        int count = Math.min(upTo - this.length, input.remaining());
        input.get(this.held, this.length, count);
        this.length += count;
    }

    private void hold(byte b) {
        if (this.length == this.held.length) {
            this.held = Arrays.copyOf(this.held, ProxyV1.MAX_LENGTH);
        }
        this.held[this.length++] = b;
    }

    private boolean prefixOf(byte[] signature) {
        return Arrays.equals(this.held, 0, this.length, signature, 0, this.length);
    }

    private static boolean startsWith(ByteBuffer bytes, int at, byte[] prefix) {
        if (bytes.limit() - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes.get(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
