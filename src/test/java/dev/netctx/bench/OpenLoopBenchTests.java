package dev.netctx.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.netctx.bench.TestEchoServer.Fault;
import dev.netctx.testing.CommandRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code bench tcp --rate} and {@code bench udp --rate}: the open-loop loads, at a fixed rate whichever server answers. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpenLoopBenchTests {

    @Test
    void sendsExactlyTheScheduledMessagesAndVerifiesEveryEcho() throws Exception {
        try (TestEchoServer server = TestEchoServer.tcp(Fault.NONE)) {
            CommandRun run = bench(server, "--connections", "4", "--in-flight", "4", "--size", "100", "--rate", "2000",
                    "--duration", "500ms");
            Map<String, String> result = BenchResult.of(run);

            assertThat(run.status()).as(run.err()).isZero();
            assertThat(result).containsEntry("ok", "true").containsEntry("rate", "2000").containsEntry("unanswered", "0")
                .containsKeys("send_lag_p50_us", "send_lag_p99_us", "send_lag_p999_us");
            // every message due in the measured window is sent and echoed, however late: 1000 of them
            assertThat(Double.parseDouble(result.get("msgs_per_s"))).isCloseTo(2000, within(10.0));
        }
    }

    @Test
    void messagesDueWhileTheServerStallsAreTimedFromWhenTheyWereDue() throws Exception {
        try (TestEchoServer server = TestEchoServer.tcp(Fault.STALL_ONCE)) {
            // 64 B a message at 500 a second: the server stalls about 600 ms into the run, inside the measured window
            CommandRun run = bench(server, "--connections", "1", "--in-flight", "1", "--size", "64B", "--rate", "500",
                    "--warmup", "200ms", "--duration", "1s");
            Map<String, String> result = BenchResult.of(run);

            assertThat(run.status()).as(run.err()).isZero();
            long stallMicros = TestEchoServer.STALL.toNanos() / 1000;
            // about 150 messages fell due during the stall, the first of them waited all of it: closed-loop, one would
            // have been late; timed from when they were due, the stall is the tail (p99 is the 5th latest of 500)
            assertThat(Double.parseDouble(result.get("rtt_p99_us"))).isGreaterThan(stallMicros * 0.8);
            assertThat(Double.parseDouble(result.get("send_lag_p99_us"))).isGreaterThan(stallMicros * 0.7);
            assertThat(Double.parseDouble(result.get("msgs_per_s"))).isCloseTo(500, within(5.0));
        }
    }

    @Test
    void udpSendsExactlyTheScheduledDatagramsAndCountsEveryOne() throws Exception {
        try (TestEchoServer server = TestEchoServer.udp(Fault.NONE)) {
            CommandRun run = bench("udp", server, "--peers", "4", "--window", "4", "--rate", "2000", "--duration", "500ms");
            Map<String, String> result = BenchResult.of(run);

            assertThat(run.status()).as(run.err()).isZero();
            assertThat(result).containsEntry("ok", "true").containsEntry("rate", "2000").containsEntry("lost", "0")
                .containsEntry("misrouted", "0").containsKeys("send_lag_p99_us");
            assertThat(Double.parseDouble(result.get("dgrams_per_s"))).isCloseTo(2000, within(10.0));
        }
    }

    private static CommandRun bench(TestEchoServer server, String... args) {
        return bench("tcp", server, args);
    }

    private static CommandRun bench(String mode, TestEchoServer server, String... args) {
        String[] all = new String[6 + args.length];
        System.arraycopy(new String[] { "bench", mode, "--port", Integer.toString(server.port()), "--timeout", "5s" }, 0,
                all, 0, 6);
        System.arraycopy(args, 0, all, 6, args.length);
        return CommandRun.of("", all);
    }
}
