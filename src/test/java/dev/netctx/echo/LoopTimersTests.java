package dev.netctx.echo;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The event loop's deadline queue and the bandwidth's token bucket, on a clock of the test's own. */
class LoopTimersTests {

    private static final long MS = 1_000_000;

    private final LoopTimers timers = new LoopTimers();

    private final List<String> fired = new ArrayList<>();

    @Test
    void timersRunInDeadlineOrderOnceDueAndBoundThePoll() {
        LoopTimers.Timer late = this.timers.timer(() -> this.fired.add("late"));
        LoopTimers.Timer soon = this.timers.timer(() -> this.fired.add("soon"));
        assertThat(this.timers.pollTimeoutMillis(0, 1000)).isEqualTo(1000);
        late.schedule(300 * MS);
        soon.schedule(100 * MS);
        assertThat(this.timers.pollTimeoutMillis(0, 1000)).isEqualTo(100);
        assertThat(this.timers.pollTimeoutMillis(99 * MS + 1, 1000)).as("rounded up, never a busy poll").isEqualTo(1);
        this.timers.runDue(99 * MS);
        assertThat(this.fired).isEmpty();
        this.timers.runDue(300 * MS);
        assertThat(this.fired).containsExactly("soon", "late");
        assertThat(this.timers.pollTimeoutMillis(300 * MS, 1000)).isEqualTo(1000);
    }

    @Test
    void aTimerRunsOnceAtItsEarliestDeadline() {
        LoopTimers.Timer timer = this.timers.timer(() -> this.fired.add("fired"));
        timer.schedule(200 * MS);
        timer.schedule(500 * MS);   // later: the earlier deadline stands
        timer.schedule(100 * MS);   // earlier: moves it
        assertThat(this.timers.pollTimeoutMillis(0, 1000)).isEqualTo(100);
        this.timers.runDue(1000 * MS);
        assertThat(this.fired).containsExactly("fired");
    }

    @Test
    void aTimerThatSchedulesItselfAgainRunsOnALaterTurn() {
        LoopTimers.Timer[] timer = new LoopTimers.Timer[1];
        timer[0] = this.timers.timer(() -> {
            this.fired.add("fired");
            timer[0].schedule(0);
        });
        timer[0].schedule(0);
        this.timers.runDue(0);
        assertThat(this.fired).hasSize(1);
        assertThat(this.timers.pollTimeoutMillis(0, 1000)).isZero();
        this.timers.runDue(0);
        assertThat(this.fired).hasSize(2);
    }

    @Test
    void aTokenBucketAllowsItsRateAfterABurstOfATenthOfASecond() {
        TokenBucket bucket = new TokenBucket(10_000, 0);
        assertThat(bucket.available(0)).isEqualTo(1000);
        bucket.consume(1000);
        assertThat(bucket.available(0)).isZero();
        assertThat(bucket.nanosUntil(500)).isEqualTo(50 * MS);
        assertThat(bucket.available(50 * MS)).isEqualTo(500);
        assertThat(bucket.available(10_000 * MS)).as("never more than the burst").isEqualTo(1000);
        bucket.consume(3000);
        assertThat(bucket.available(10_000 * MS)).as("a datagram larger than the bucket is paid off").isNegative();
    }
}
