package dev.netctx.tls;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless DTLS cookies, the port of mbed TLS's {@code ssl_cookie.c}: a cookie is the time it was
 * issued (4 bytes) and an HMAC-SHA-256 (truncated to 28 bytes, as {@code COOKIE_HMAC_LEN}) over that
 * time, the client's address and port, and the ClientHello's parameters (RFC 6347 §4.2.1: version,
 * random, session id, cipher suites, compression methods). A server needs no memory per client to
 * check one, so a flood of spoofed ClientHellos costs it nothing but an HMAC each.
 *
 * <p>The secret rotates: a new random one every {@linkplain #lifetime() lifetime}, the previous kept
 * so that a cookie is good for the whole of its lifetime, then for nothing. One instance per server,
 * used by one thread at a time (it holds one {@link Mac}).
 */
public final class DtlsCookies {

    /** mbed TLS's {@code MBEDTLS_SSL_COOKIE_TIMEOUT}: 60 seconds. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

    /** The length of every cookie: 4 bytes of time and 28 of HMAC, as in mbed TLS. */
    public static final int LENGTH = 32;

    private static final int MAC_LENGTH = LENGTH - 4;

    private final SecureRandom random;

    private final long lifetimeSeconds;

    private final LongSupplier clockSeconds;

    private final Mac mac;

    private final byte[] scratch = new byte[4];

    private long window = Long.MIN_VALUE;

    private byte[] currentKey;

    private byte[] previousKey;

    /**
     * {@code mbedtls_ssl_cookie_setup} and {@code mbedtls_ssl_cookie_set_timeout}.
     * @param lifetime how long a cookie is good for, at least a second
     */
    public DtlsCookies(SecureRandom random, Duration lifetime) {
        this(random, lifetime, monotonicSeconds());
    }

    DtlsCookies(SecureRandom random, Duration lifetime, LongSupplier clockSeconds) {
        if (lifetime.getSeconds() < 1 || lifetime.getSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a cookie lifetime is 1 s or more, not " + lifetime);
        }
        this.random = random;
        this.lifetimeSeconds = lifetime.getSeconds();
        this.clockSeconds = clockSeconds;
        try {
            this.mac = Mac.getInstance("HmacSHA256");
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
        }
    }

    /** How long a cookie is good for. */
    public Duration lifetime() {
        return Duration.ofSeconds(this.lifetimeSeconds);
    }

    /**
     * {@code mbedtls_ssl_cookie_write}: puts a cookie of {@value #LENGTH} bytes for {@code client}
     * and its ClientHello into {@code out}.
     */
    public void write(ByteBuffer out, InetSocketAddress client, DtlsClientHello hello) {
        long now = this.clockSeconds.getAsLong();
        rotate(now);
        int issued = (int) now;
        out.putInt(issued);
        out.put(sign(this.currentKey, issued, client, hello), 0, MAC_LENGTH);
    }

    /**
     * {@code mbedtls_ssl_cookie_check}: whether the cookie {@code hello} carries is one this instance
     * wrote for {@code client} and this ClientHello less than a lifetime ago.
     */
    public boolean check(InetSocketAddress client, DtlsClientHello hello) {
        if (hello.cookieLength() != LENGTH) {
            return false;
        }
        long now = this.clockSeconds.getAsLong();
        rotate(now);
        ByteBuffer datagram = hello.datagram();
        int issued = datagram.getInt(hello.cookieOffset());
        long age = (now - Integer.toUnsignedLong(issued)) & 0xFFFF_FFFFL;
        if (age > this.lifetimeSeconds) {
            return false;
        }
        long issuedWindow = (now - age) / this.lifetimeSeconds;
        byte[] key = (issuedWindow == this.window) ? this.currentKey : (issuedWindow == this.window - 1) ? this.previousKey : null;
        if (key == null) {
            return false;
        }
        byte[] expected = sign(key, issued, client, hello);
        int diff = 0;
        for (int i = 0; i < MAC_LENGTH; i++) {
            diff |= expected[i] ^ datagram.get(hello.cookieOffset() + 4 + i);
        }
        return diff == 0;
    }

    /** Starts a new secret when a lifetime has passed since the current one's, keeping the previous. */
    private void rotate(long nowSeconds) {
        long current = nowSeconds / this.lifetimeSeconds;
        if (current == this.window) {
            return;
        }
        this.previousKey = (current == this.window + 1) ? this.currentKey : null;
        this.currentKey = new byte[32];
        this.random.nextBytes(this.currentKey);
        this.window = current;
    }

    private byte[] sign(byte[] key, int issued, InetSocketAddress client, DtlsClientHello hello) {
        try {
            this.mac.init(new SecretKeySpec(key, "HmacSHA256"));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("a 32-byte HMAC key is always valid", ex);
        }
        ByteBuffer.wrap(this.scratch).putInt(issued);
        this.mac.update(this.scratch, 0, 4);
        this.mac.update(client.getAddress().getAddress());
        this.mac.update((byte) (client.getPort() >> 8));
        this.mac.update((byte) client.getPort());
        ByteBuffer datagram = hello.datagram();
        update(datagram, hello.bodyOffset(), hello.cookieOffset() - 1);
        update(datagram, hello.suitesOffset(), hello.bodyEnd());
        return this.mac.doFinal();
    }

    private void update(ByteBuffer datagram, int from, int to) {
        ByteBuffer part = datagram.duplicate();
        part.limit(to).position(from);
        this.mac.update(part);
    }

    /** Whole seconds of a monotonic clock (never 0 at start, so that a zeroed cookie is not fresh). */
    private static LongSupplier monotonicSeconds() {
        long origin = System.nanoTime() - 1_000_000_000L * 3600;
        return () -> (System.nanoTime() - origin) / 1_000_000_000L;
    }
}
