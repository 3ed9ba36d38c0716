package dev.netctx.context;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rates over the last seconds and the bounded throughput history, with time stepped by the test. */
class RateSamplingTests {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private static final long START = 1_000 * SECOND;

    @Test
    void ratesAverageTheLastFiveSecondsAndForgetOlderBytes() {
        RateWindow window = new RateWindow(START);
        window.sample(START + SECOND, 1_000, 500);
        assertThat(window.rateIn()).isEqualTo(1_000);
        assertThat(window.rateOut()).isEqualTo(500);
        window.sample(START + 2 * SECOND, 1_000, 500);
        assertThat(window.rateIn()).as("1000 B over 2 s").isEqualTo(500);
        for (int second = 3; second <= 5; second++) {
            window.sample(START + second * SECOND, 1_000, 500);
        }
        assertThat(window.rateIn()).as("1000 B in the first of the last 5 s").isEqualTo(200);
        window.sample(START + 6 * SECOND, 1_000, 500);
        assertThat(window.rateIn()).as("nothing moved in the last 5 s").isZero();
        assertThat(window.rateOut()).isZero();
    }

    @Test
    void historyKeepsOneValuePerSecondForFiveMinutesOldestFirst() {
        ThroughputHistory history = new ThroughputHistory(START);
        assertThat(history.snapshot("tcp").in()).isEmpty();
        long received = 0;
        for (int second = 1; second <= ThroughputHistory.SECONDS + 10; second++) {
            received += second;
            history.sample(START + second * SECOND, received, 2 * received);
        }
        ListenerThroughput throughput = history.snapshot("tcp");
        assertThat(throughput.listener()).isEqualTo("tcp");
        assertThat(throughput.intervalSeconds()).isEqualTo(1);
        assertThat(throughput.in()).hasSize(ThroughputHistory.SECONDS).startsWith(11, 12).endsWith(309, 310);
        assertThat(throughput.out()).hasSize(ThroughputHistory.SECONDS).endsWith(620);
    }

    @Test
    void historyScalesAnIntervalLongerThanASecondToBytesPerSecond() {
        ThroughputHistory history = new ThroughputHistory(START);
        history.sample(START + 2 * SECOND, 4_000, 0);
        assertThat(history.snapshot("udp").in()).containsExactly(2_000);
    }
}
