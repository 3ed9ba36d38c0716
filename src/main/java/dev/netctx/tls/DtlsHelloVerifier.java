package dev.netctx.tls;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The stateless front of a DTLS server (RFC 6347 §4.2.1), the port of mbed TLS's
 * {@code ssl_check_dtls_clihlo_cookie}: judges the first datagram of a peer the server keeps no
 * state for, and answers a ClientHello without a valid cookie with a HelloVerifyRequest, so that
 * only a peer that receives at its address gets a handshake (and the memory it costs).
 *
 * <p>The JDK's DTLS engine asks for a cookie of its own too, but only once an engine (state) exists
 * for the peer, and its cookie does not cover the peer's address; a client therefore sees two
 * HelloVerifyRequests, this one and then the engine's, which RFC 6347 allows and every client
 * tested here (OpenSSL, GnuTLS, mbed TLS, the JDK) follows.
 *
 * <p>A HelloVerifyRequest is never larger than the ClientHello it answers (no amplification), and
 * anything that is not a DTLS ClientHello gets no answer at all.
 */
public final class DtlsHelloVerifier {

    /** The largest HelloVerifyRequest this class writes: record and handshake headers, version, cookie. */
    public static final int MAX_REQUEST_SIZE = DtlsClientHello.RECORD_HEADER + DtlsClientHello.HANDSHAKE_HEADER + 3
            + DtlsCookies.LENGTH;

    private final DtlsCookies cookies;

    public DtlsHelloVerifier(DtlsCookies cookies) {
        this.cookies = cookies;
    }

    /** What to do with the first datagram of a peer. */
    public enum Verdict {

        /** A ClientHello with a valid cookie: the peer receives at its address; start a handshake. */
        VERIFIED,
        /**
         * {@code MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED}: a ClientHello without a valid cookie; a
         * HelloVerifyRequest was written to be sent back, and nothing is kept.
         */
        HELLO_VERIFY_REQUIRED,
        /** Not a DTLS ClientHello (garbage, plain text, a record of a session long gone): drop it. */
        NOT_CLIENT_HELLO
    }

    /**
     * Judges {@code datagram} (position to limit, not consumed) from {@code client}; for
     * {@link Verdict#HELLO_VERIFY_REQUIRED}, {@code out} (cleared first) holds the HelloVerifyRequest,
     * flipped for sending.
     * @param out room for {@value #MAX_REQUEST_SIZE} bytes
     */
    public Verdict verify(InetSocketAddress client, ByteBuffer datagram, ByteBuffer out) {
        DtlsClientHello hello = DtlsClientHello.parse(datagram);
        if (hello == null) {
            return Verdict.NOT_CLIENT_HELLO;
        }
        if (this.cookies.check(client, hello)) {
            return Verdict.VERIFIED;
        }
        if (datagram.remaining() < MAX_REQUEST_SIZE) {
            return Verdict.NOT_CLIENT_HELLO; // cannot be: a ClientHello is larger; never answer with more than came
        }
        out.clear();
        writeRequest(out, client, hello);
        out.flip();
        return Verdict.HELLO_VERIFY_REQUIRED;
    }

    /**
     * A HelloVerifyRequest in one record: version DTLS 1.0 in the record and the message (RFC 6347
     * §4.2.1 says to use it whatever version follows), the ClientHello's record sequence number and
     * message sequence number, as mbed TLS writes it.
     */
    private void writeRequest(ByteBuffer out, InetSocketAddress client, DtlsClientHello hello) {
        int body = 3 + DtlsCookies.LENGTH;
        out.put((byte) DtlsClientHello.CONTENT_HANDSHAKE).put((byte) 254).put((byte) 255);
        out.putShort((short) 0);
        out.putShort((short) (hello.recordSequence() >>> 32)).putInt((int) hello.recordSequence());
        out.putShort((short) (DtlsClientHello.HANDSHAKE_HEADER + body));
        out.put((byte) 3); // hello_verify_request
        putUint24(out, body);
        out.putShort((short) hello.messageSequence());
        putUint24(out, 0);
        putUint24(out, body);
        out.put((byte) 254).put((byte) 255);
        out.put((byte) DtlsCookies.LENGTH);
        this.cookies.write(out, client, hello);
    }

    private static void putUint24(ByteBuffer out, int value) {
        out.put((byte) (value >>> 16)).putShort((short) value);
    }
}
