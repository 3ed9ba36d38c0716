package dev.netctx.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The configured credentials, checked so that refusing costs nothing: what a request presents is
 * hashed (SHA-256, fixed length) and compared with {@link MessageDigest#isEqual} to the digests of
 * the configured user name, password and token, the user name and the password both always, so
 * that neither the time nor the answer tells a wrong user from a wrong password. A password
 * configured encoded ({@code {bcrypt}...}) cannot be compared that way: its encoder runs only for
 * the configured user name, at most {@value #ENCODED_CHECKS_PER_SECOND} times a second (beyond
 * that the attempt is refused unchecked), and a password it accepted is remembered by digest so
 * that the operator's next requests cost no encoder either.
 */
final class ConfiguredCredentials {

    static final int ENCODED_CHECKS_PER_SECOND = 5;

    private static final String ENCODED = "^\\{[^}]+}.*";

    private final byte @Nullable [] username;

    private final byte[] password;

    private final @Nullable String encodedPassword;

    private final byte @Nullable [] token;

    private final PasswordEncoder encoder;

    private final AtomicReference<byte[]> acceptedPassword = new AtomicReference<>();

    private final AtomicLong nextEncodedCheck = new AtomicLong(System.nanoTime());

    ConfiguredCredentials(NetctxSecurityProperties properties) {
        this(properties, PasswordEncoderFactories.createDelegatingPasswordEncoder());
    }

    /** With {@code encoder} checking an encoded password ({@code {bcrypt}...}). */
    ConfiguredCredentials(NetctxSecurityProperties properties, PasswordEncoder encoder) {
        this.encoder = encoder;
        this.username = properties.basicEnabled() ? digest(properties.username()) : null;
        boolean encoded = properties.basicEnabled() && properties.password().matches(ENCODED);
        this.encodedPassword = encoded ? properties.password() : null;
        this.password = (properties.basicEnabled() && !encoded) ? digest(properties.password()) : null;
        this.token = properties.tokenEnabled() ? digest(properties.token()) : null;
    }

    /** Whether HTTP Basic's user name and password are the configured ones. */
    boolean basicMatches(String presentedUsername, String presentedPassword) {
        if (this.username == null) {
            return false;
        }
        byte[] presented = digest(presentedPassword);
        boolean user = MessageDigest.isEqual(digest(presentedUsername), this.username);
        if (this.encodedPassword == null) {
            return user & MessageDigest.isEqual(presented, this.password);
        }
        return user && encodedMatches(presentedPassword, presented);
    }

    /** Whether a bearer token is the configured one. */
    boolean tokenMatches(String presentedToken) {
        return this.token != null && MessageDigest.isEqual(digest(presentedToken), this.token);
    }

    private boolean encodedMatches(String presentedPassword, byte[] presented) {
        byte[] accepted = this.acceptedPassword.get();
        if (accepted != null && MessageDigest.isEqual(presented, accepted)) {
            return true;
        }
        if (!mayRunEncoder()) {
            return false;
        }
        if (this.encoder.matches(presentedPassword, this.encodedPassword)) {
            this.acceptedPassword.set(presented);
            return true;
        }
        return false;
    }

    /** A token bucket of one: an encoder check every 1/{@value #ENCODED_CHECKS_PER_SECOND} s at most. */
    private boolean mayRunEncoder() {
        long now = System.nanoTime();
        long next = this.nextEncodedCheck.get();
        return now - next >= 0
                && this.nextEncodedCheck.compareAndSet(next, now + 1_000_000_000L / ENCODED_CHECKS_PER_SECOND);
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java platform has SHA-256", ex);
        }
    }
}
