package dev.netctx.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SendScheduleTests {

    /** 4 streams at 1000 messages a second: one message a millisecond, each stream's every 4 ms. */
    private final SendSchedule schedule = new SendSchedule(1_000, 1000, 4);

    @Test
    void messagesFallDueRoundRobinAtTheRate() {
        assertThat(this.schedule.dueAt(0, 0)).isEqualTo(1_000);
        assertThat(this.schedule.dueAt(1, 0)).isEqualTo(1_001_000);
        assertThat(this.schedule.dueAt(3, 0)).isEqualTo(3_001_000);
        assertThat(this.schedule.dueAt(0, 1)).isEqualTo(4_001_000);
        assertThat(this.schedule.dueAt(2, 10)).isEqualTo(42_001_000);
    }

    @Test
    void tellsEachStreamWhoseMessageFellDueOnceAndWhenTheNextIs() throws IOException {
        assertThat(fallenDue(0)).isEmpty();
        assertThat(this.schedule.nanosUntilNext(0)).isEqualTo(1_000);
        assertThat(fallenDue(1_001_000)).containsExactly(0, 1);
        assertThat(fallenDue(1_500_000)).isEmpty();
        assertThat(this.schedule.nanosUntilNext(1_500_000)).isEqualTo(501_000);
        assertThat(fallenDue(3_001_000)).containsExactly(2, 3);
    }

    @Test
    void aLateCallTellsEveryStreamOnceHoweverManyMessagesFellDue() throws IOException {
        assertThat(fallenDue(100_001_000)).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(fallenDue(100_001_000)).isEmpty();
        assertThat(this.schedule.nanosUntilNext(100_001_000)).isEqualTo(1_000_000);
    }

    private List<Integer> fallenDue(long now) throws IOException {
        List<Integer> told = new ArrayList<>();
        this.schedule.fallenDue(now, told::add);
        return told;
    }
}
