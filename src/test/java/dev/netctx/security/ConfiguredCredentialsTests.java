package dev.netctx.security;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refusing credentials runs no password encoder (but a rate-limited one for the configured user), and
 * says nothing about which part was wrong. What a refusal costs in time is a benchmark figure
 * ({@code bench inspect}'s {@code refused_*}, docs/benchmarks.md), not a test's.
 */
class ConfiguredCredentialsTests {

    private static final int ATTEMPTS = 2_000;

    private final ConfiguredCredentials plain = new ConfiguredCredentials(
            new NetctxSecurityProperties("operator", "open-sesame", "t0ken", ReadAccess.ANONYMOUS, List.of()));

    private final CountingEncoder encoder = new CountingEncoder();

    private final String encodedPassword = this.encoder.encode("open-sesame");

    private final ConfiguredCredentials encoded = new ConfiguredCredentials(
            new NetctxSecurityProperties("operator", this.encodedPassword, null, ReadAccess.ANONYMOUS, List.of()),
            this.encoder);

    @Test
    void onlyTheConfiguredUserPasswordAndTokenMatch() {
        assertThat(this.plain.basicMatches("operator", "open-sesame")).isTrue();
        assertThat(this.plain.basicMatches("operator", "open-sesam")).isFalse();
        assertThat(this.plain.basicMatches("operato", "open-sesame")).isFalse();
        assertThat(this.plain.basicMatches("", "")).isFalse();
        assertThat(this.plain.tokenMatches("t0ken")).isTrue();
        assertThat(this.plain.tokenMatches("t0ke")).isFalse();
        assertThat(this.plain.tokenMatches("t0ken-and-more")).isFalse();
        assertThat(this.encoded.basicMatches("operator", "open-sesame")).isTrue();
        assertThat(this.encoded.tokenMatches("t0ken")).isFalse();
    }

    @Test
    void refusingAnUnknownUserOrTokenRunsNoEncoder() {
        for (int i = 0; i < ATTEMPTS; i++) {
            assertThat(this.plain.basicMatches("intruder", "guess")).isFalse();
            assertThat(this.encoded.basicMatches("intruder", "guess")).isFalse();
            assertThat(this.plain.tokenMatches("guess")).isFalse();
        }
        assertThat(this.encoder.matches).hasValue(0);
    }

    @Test
    void wrongPasswordsForTheRightUserRunTheEncoderAFewTimesASecondAtMost() {
        long started = System.nanoTime();
        for (int i = 0; i < ATTEMPTS; i++) {
            assertThat(this.encoded.basicMatches("operator", "guess")).isFalse();
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + 1;
        assertThat(this.encoder.matches.get()).as("encoder checks in %d s", seconds).isPositive()
            .isLessThanOrEqualTo((int) (1 + seconds * ConfiguredCredentials.ENCODED_CHECKS_PER_SECOND));
    }

    @Test
    void anAcceptedEncodedPasswordIsRememberedSoThatTheOperatorCostsNoEncoderEither() {
        assertThat(this.encoded.basicMatches("operator", "open-sesame")).isTrue();
        int afterFirst = this.encoder.matches.get();
        for (int i = 0; i < ATTEMPTS; i++) {
            assertThat(this.encoded.basicMatches("operator", "open-sesame")).isTrue();
        }
        assertThat(this.encoder.matches).hasValue(afterFirst);
    }

    /** Spring Security's delegating encoder, counting its checks. */
    private static final class CountingEncoder implements PasswordEncoder {

        final AtomicInteger matches = new AtomicInteger();

        private final PasswordEncoder delegate = PasswordEncoderFactories.createDelegatingPasswordEncoder();

        @Override
        public String encode(CharSequence rawPassword) {
            return this.delegate.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            this.matches.incrementAndGet();
            return this.delegate.matches(rawPassword, encodedPassword);
        }
    }
}
