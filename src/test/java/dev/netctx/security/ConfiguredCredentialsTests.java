package dev.netctx.security;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import static org.assertj.core.api.Assertions.assertThat;

/** Refusing credentials costs well under a millisecond of CPU, and says nothing about which part was wrong. */
class ConfiguredCredentialsTests {

    private static final int ATTEMPTS = 2_000;

    private final ConfiguredCredentials plain = new ConfiguredCredentials(
            new NetctxSecurityProperties("operator", "open-sesame", "t0ken", ReadAccess.ANONYMOUS, List.of()));

    private final String encodedPassword = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode("open-sesame");

    private final ConfiguredCredentials encoded = new ConfiguredCredentials(
            new NetctxSecurityProperties("operator", this.encodedPassword, null, ReadAccess.ANONYMOUS, List.of()));

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
    void refusingAnUnknownUserCostsWellUnderAMillisecond() {
        assertThat(cpuPerAttempt(() -> this.plain.basicMatches("intruder", "guess"))).isLessThan(Duration.ofMillis(1).dividedBy(10));
        assertThat(cpuPerAttempt(() -> this.encoded.basicMatches("intruder", "guess"))).isLessThan(Duration.ofMillis(1).dividedBy(10));
        assertThat(cpuPerAttempt(() -> this.plain.tokenMatches("guess"))).isLessThan(Duration.ofMillis(1).dividedBy(10));
    }

    @Test
    void wrongPasswordsForTheRightUserRunAnEncodedPasswordsEncoderAFewTimesASecondAtMost() {
        Duration perAttempt = cpuPerAttempt(() -> this.encoded.basicMatches("operator", "guess"));
        assertThat(perAttempt).isLessThan(Duration.ofMillis(1));
    }

    @Test
    void anAcceptedEncodedPasswordIsRememberedSoThatTheOperatorCostsNoEncoderEither() {
        assertThat(this.encoded.basicMatches("operator", "open-sesame")).isTrue();
        assertThat(cpuPerAttempt(() -> this.encoded.basicMatches("operator", "open-sesame")))
            .isLessThan(Duration.ofMillis(1).dividedBy(10));
    }

    /** The CPU time of this thread per call, over {@value #ATTEMPTS} calls (after as many to warm up). */
    private static Duration cpuPerAttempt(BooleanSupplier attempt) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < ATTEMPTS; i++) {
            attempt.getAsBoolean();
        }
        long started = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < ATTEMPTS; i++) {
            attempt.getAsBoolean();
        }
        return Duration.ofNanos((threads.getCurrentThreadCpuTime() - started) / ATTEMPTS);
    }
}
