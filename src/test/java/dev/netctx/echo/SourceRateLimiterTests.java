package dev.netctx.echo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The token buckets, driven by explicit times. */
class SourceRateLimiterTests {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final InetAddress a = address("192.0.2.1");

    private final InetAddress b = address("192.0.2.2");

    private final InetAddress c = address("192.0.2.3");

    @Test
    void burstThenRate() {
        long t0 = 1_000 * SECOND;
        SourceRateLimiter limiter = new SourceRateLimiter(10, 5, 100, t0);
        assertThat(acquired(limiter, this.a, t0, 20)).as("a burst").isEqualTo(5);
        assertThat(acquired(limiter, this.a, t0 + SECOND / 2, 20)).as("half a second later").isEqualTo(5);
        assertThat(acquired(limiter, this.a, t0 + SECOND / 2 + SECOND / 10, 20)).as("a tenth later").isEqualTo(1);
        assertThat(acquired(limiter, this.a, t0 + 100 * SECOND, 20)).as("never more than the burst").isEqualTo(5);
    }

    @Test
    void eachSourceHasItsOwnBucket() {
        SourceRateLimiter limiter = new SourceRateLimiter(1, 2, 100, 0);
        assertThat(acquired(limiter, this.a, 0, 10)).isEqualTo(2);
        assertThat(acquired(limiter, this.b, 0, 10)).isEqualTo(2);
    }

    @Test
    void fullTableRefusesNewSourcesUntilIdleOnesCanBeForgotten() {
        SourceRateLimiter limiter = new SourceRateLimiter(1, 10, 2, 0);
        assertThat(limiter.tryAcquire(this.a, 0)).isTrue();
        assertThat(limiter.tryAcquire(this.b, 0)).isTrue();
        assertThat(limiter.tryAcquire(this.c, SECOND / 2)).as("table full, a and b still refilling").isFalse();
        assertThat(limiter.sources()).isEqualTo(2);
        assertThat(limiter.tryAcquire(this.a, SECOND / 2)).as("a known source is still served").isTrue();
        assertThat(limiter.tryAcquire(this.c, 20 * SECOND)).as("a and b refilled: forgotten").isTrue();
        assertThat(limiter.sources()).isEqualTo(1);
    }

    private static int acquired(SourceRateLimiter limiter, InetAddress source, long now, int attempts) {
        int granted = 0;
        for (int i = 0; i < attempts; i++) {
            granted += limiter.tryAcquire(source, now) ? 1 : 0;
        }
        return granted;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        }
        catch (UnknownHostException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
