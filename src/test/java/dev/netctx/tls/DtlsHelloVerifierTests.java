package dev.netctx.tls;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLEngine;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The stateless front: ClientHellos as the JDK's DTLS client writes them, cookies, HelloVerifyRequests. */
class DtlsHelloVerifierTests {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40_000);

    private static byte[] firstHello;

    private final AtomicLong clock = new AtomicLong(1_000);

    private final DtlsCookies cookies = new DtlsCookies(new SecureRandom(), Duration.ofSeconds(60), this.clock::get);

    private final DtlsHelloVerifier verifier = new DtlsHelloVerifier(this.cookies);

    @BeforeAll
    static void clientHello() throws Exception {
        SSLEngine client = TlsConfig.client(DtlsCertificates.trustingClient()).createEngine("localhost", 4442);
        client.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(65_536);
        client.wrap(ByteBuffer.allocate(0), out);
        firstHello = new byte[out.flip().remaining()];
        out.get(firstHello);
    }

    @Test
    void aFirstClientHelloIsAnsweredWithASmallerHelloVerifyRequestThatRepeatsItsSequenceNumbers() {
        ByteBuffer out = ByteBuffer.allocate(DtlsHelloVerifier.MAX_REQUEST_SIZE);
        DtlsClientHello hello = DtlsClientHello.parse(ByteBuffer.wrap(firstHello));
        assertThat(hello).isNotNull();
        assertThat(hello.cookieLength()).isZero();
        assertThat(this.verifier.verify(CLIENT, ByteBuffer.wrap(firstHello), out))
            .isEqualTo(DtlsHelloVerifier.Verdict.HELLO_VERIFY_REQUIRED);
        assertThat(out.remaining()).isEqualTo(DtlsHelloVerifier.MAX_REQUEST_SIZE).isLessThan(firstHello.length);
        assertThat(out.get(0)).isEqualTo((byte) 22);
        assertThat(out.get(13)).isEqualTo((byte) 3); // hello_verify_request
        assertThat(out.getShort(17)).isEqualTo((short) hello.messageSequence());
        assertThat(ByteBuffer.wrap(firstHello).getShort(9)).isEqualTo(out.getShort(9));
        assertThat(out.get(27)).isEqualTo((byte) DtlsCookies.LENGTH);
    }

    @Test
    void theCookieOfTheRequestIsValidForThatClientAndHelloOnlyAndForItsLifetime() {
        ByteBuffer out = ByteBuffer.allocate(DtlsHelloVerifier.MAX_REQUEST_SIZE);
        this.verifier.verify(CLIENT, ByteBuffer.wrap(firstHello), out);
        byte[] cookie = new byte[DtlsCookies.LENGTH];
        out.get(28, cookie);
        ByteBuffer second = withCookie(firstHello, cookie);
        assertThat(this.verifier.verify(CLIENT, second.duplicate(), out)).isEqualTo(DtlsHelloVerifier.Verdict.VERIFIED);
        assertThat(this.verifier.verify(new InetSocketAddress("127.0.0.1", 40_001), second.duplicate(), out))
            .isEqualTo(DtlsHelloVerifier.Verdict.HELLO_VERIFY_REQUIRED);
        assertThat(this.verifier.verify(new InetSocketAddress("127.0.0.2", 40_000), second.duplicate(), out))
            .isEqualTo(DtlsHelloVerifier.Verdict.HELLO_VERIFY_REQUIRED);
        ByteBuffer otherRandom = withCookie(firstHello, cookie);
        otherRandom.put(13 + 12 + 2, (byte) (otherRandom.get(13 + 12 + 2) ^ 1));
        assertThat(this.verifier.verify(CLIENT, otherRandom, out)).isEqualTo(DtlsHelloVerifier.Verdict.HELLO_VERIFY_REQUIRED);
        this.clock.addAndGet(60);
        assertThat(this.verifier.verify(CLIENT, second.duplicate(), out)).isEqualTo(DtlsHelloVerifier.Verdict.VERIFIED);
        this.clock.addAndGet(1);
        assertThat(this.verifier.verify(CLIENT, second.duplicate(), out))
            .isEqualTo(DtlsHelloVerifier.Verdict.HELLO_VERIFY_REQUIRED);
    }

    @Test
    void anythingButAClientHelloGetsNoAnswer() {
        ByteBuffer out = ByteBuffer.allocate(DtlsHelloVerifier.MAX_REQUEST_SIZE);
        assertThat(this.verifier.verify(CLIENT, ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes()), out))
            .isEqualTo(DtlsHelloVerifier.Verdict.NOT_CLIENT_HELLO);
        assertThat(this.verifier.verify(CLIENT, ByteBuffer.allocate(0), out)).isEqualTo(DtlsHelloVerifier.Verdict.NOT_CLIENT_HELLO);
        for (int cut = 0; cut < firstHello.length; cut += 7) {
            assertThat(this.verifier.verify(CLIENT, ByteBuffer.wrap(firstHello, 0, cut), out))
                .as("a ClientHello cut at %d bytes", cut).isEqualTo(DtlsHelloVerifier.Verdict.NOT_CLIENT_HELLO);
        }
        byte[] epochOne = firstHello.clone();
        epochOne[4] = 1;
        assertThat(this.verifier.verify(CLIENT, ByteBuffer.wrap(epochOne), out)).isEqualTo(DtlsHelloVerifier.Verdict.NOT_CLIENT_HELLO);
    }

    @Test
    void theSecretRotatesAndOldCookiesDieWithIt() {
        ByteBuffer out = ByteBuffer.allocate(DtlsHelloVerifier.MAX_REQUEST_SIZE);
        this.verifier.verify(CLIENT, ByteBuffer.wrap(firstHello), out);
        byte[] cookie = new byte[DtlsCookies.LENGTH];
        out.get(28, cookie);
        this.clock.addAndGet(1_000);
        // a cookie forged with a fresh time but the old MAC does not pass either
        ByteBuffer.wrap(cookie).putInt((int) this.clock.get());
        assertThat(this.verifier.verify(CLIENT, withCookie(firstHello, cookie), out))
            .isEqualTo(DtlsHelloVerifier.Verdict.HELLO_VERIFY_REQUIRED);
    }

    /** The ClientHello with {@code cookie} in place of its empty one, lengths updated (as a client resends it). */
    static ByteBuffer withCookie(byte[] hello, byte[] cookie) {
        DtlsClientHello parsed = DtlsClientHello.parse(ByteBuffer.wrap(hello));
        int at = parsed.cookieOffset() - 1;
        ByteBuffer out = ByteBuffer.allocate(hello.length + cookie.length);
        out.put(hello, 0, at).put((byte) cookie.length).put(cookie).put(hello, at + 1, hello.length - at - 1);
        out.putShort(11, (short) (out.getShort(11) + cookie.length));
        int length = ((out.get(14) & 0xFF) << 16 | (out.getShort(15) & 0xFFFF)) + cookie.length;
        out.put(14, (byte) (length >> 16)).putShort(15, (short) length);
        out.put(22, (byte) (length >> 16)).putShort(23, (short) length);
        return out.flip();
    }
}
