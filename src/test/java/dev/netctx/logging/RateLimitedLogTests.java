package dev.netctx.logging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/** A warning is written at once, then at most once an interval, with what was not written; on a stepped clock. */
class RateLimitedLogTests {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final AtomicLong now = new AtomicLong(1_000);

    private final List<String> lines = new ArrayList<>();

    private final Log log = mock(Log.class);

    private final RateLimitedLog limited = new RateLimitedLog(this.log, INTERVAL, this.now::get);

    RateLimitedLogTests() {
        given(this.log.isWarnEnabled()).willReturn(true);
        willAnswer((invocation) -> this.lines.add(invocation.getArgument(0))).given(this.log).warn(any());
    }

    @Test
    void theFirstIsWrittenAtOnceTheRestOfTheIntervalCountedAndNamedOnTheNextLine() {
        AtomicInteger built = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            this.limited.warn(() -> "failed " + built.incrementAndGet());
        }
        assertThat(this.lines).containsExactly("failed 1");
        assertThat(built).as("messages built").hasValue(1);
        this.now.addAndGet(INTERVAL.toNanos());
        this.limited.warn(() -> "failed again");
        assertThat(this.lines).containsExactly("failed 1", "failed again (and 999 more like it since the last such line)");
    }

    @Test
    void aSummaryIsToldTheTimeSinceThePreviousLineAndMayHaveNothingToSay() {
        List<Long> elapsed = new ArrayList<>();
        this.now.addAndGet(3);
        this.limited.warnSince((nanos) -> {
            elapsed.add(nanos);
            return "first";
        });
        this.limited.warnSince((nanos) -> "within the interval");
        this.now.addAndGet(INTERVAL.toNanos() + 7);
        this.limited.warnSince((nanos) -> {
            elapsed.add(nanos);
            return null;
        });
        assertThat(this.lines).containsExactly("first");
        assertThat(elapsed).containsExactly(3L, INTERVAL.toNanos() + 7);
    }

    @Test
    void runningOutOfMemoryWhileWritingDoesNotFailTheCaller() {
        willThrow(new OutOfMemoryError("test")).given(this.log).warn(any());
        this.limited.warn(() -> "lost");
    }
}
