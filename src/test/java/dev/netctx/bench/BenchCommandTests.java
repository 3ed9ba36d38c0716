package dev.netctx.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.netctx.bench.TestEchoServer.Fault;
import dev.netctx.testing.CommandRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BenchCommandTests {

    private static final String[] SHORT = { "--warmup", "100ms", "--duration", "400ms", "--timeout", "5s" };

    private CommandRun run;

    @Test
    void tcpVerifiesEveryEchoAndReportsThroughputAndLatency() throws Exception {
        try (TestEchoServer server = TestEchoServer.tcp(Fault.NONE)) {
            int exit = run("tcp", "--port", port(server), "--connections", "4", "--in-flight", "4", "--size", "100");
            Map<String, String> result = result();
            assertThat(exit).as(this.run.err()).isZero();
            assertThat(result).containsEntry("ok", "true").containsEntry("failures", "0").containsEntry("unanswered", "0");
            assertThat(Double.parseDouble(result.get("msgs_per_s"))).isPositive();
            assertThat(Double.parseDouble(result.get("rtt_p99_us"))).isPositive();
        }
    }

    @Test
    void tcpFailsOnACorruptedByteAndNamesIt() throws Exception {
        try (TestEchoServer server = TestEchoServer.tcp(Fault.FLIP_BYTE)) {
            int exit = run("tcp", "--port", port(server), "--connections", "1", "--in-flight", "2", "--size", "1000");
            assertThat(exit).isEqualTo(1);
            assertThat(result()).containsEntry("ok", "false").containsEntry("failures", "1");
            assertThat(this.run.err()).contains("connection 0: message 4 byte 999");
        }
    }

    @Test
    void pingPongIsOneConnectionWithOneSmallMessageInFlight() throws Exception {
        try (TestEchoServer server = TestEchoServer.tcp(Fault.NONE)) {
            assertThat(run("ping-pong", "--port", port(server))).isZero();
            assertThat(result()).containsEntry("connections", "1").containsEntry("in_flight", "1").containsEntry("size", "64");
        }
    }

    @Test
    void udpCountsEveryDatagramOfEveryPeer() throws Exception {
        try (TestEchoServer server = TestEchoServer.udp(Fault.NONE)) {
            int exit = run("udp", "--port", port(server), "--peers", "4", "--window", "2");
            Map<String, String> result = result();
            assertThat(exit).as(this.run.err()).isZero();
            assertThat(result).containsEntry("misrouted", "0").containsEntry("duplicates", "0").containsEntry("lost", "0")
                .containsEntry("loss_ratio", "0.000000").containsEntry("ok", "true");
            assertThat(Long.parseLong(result.get("sent"))).isPositive();
        }
    }

    @Test
    void udpFailsWhenDatagramsAreLostAndSaysHowMany() throws Exception {
        try (TestEchoServer server = TestEchoServer.udp(Fault.DROP_EVERY_TENTH)) {
            int exit = run("udp", "--port", port(server), "--peers", "2", "--window", "4");
            Map<String, String> result = result();
            assertThat(exit).isEqualTo(1);
            assertThat(result).containsEntry("ok", "false").containsEntry("misrouted", "0").containsEntry("max_loss", "0.000000");
            long sent = Long.parseLong(result.get("sent"));
            long lost = Long.parseLong(result.get("lost"));
            assertThat(lost).isPositive();
            assertThat(Double.parseDouble(result.get("loss_ratio"))).isCloseTo((double) lost / sent, within(1e-6));
            assertThat(this.run.out()).contains("VERIFICATION FAILED (" + lost + " of " + sent + " datagrams lost");
        }
    }

    @Test
    void udpPassesWithLossesWithinMaxLoss() throws Exception {
        try (TestEchoServer server = TestEchoServer.udp(Fault.DROP_EVERY_TENTH)) {
            int exit = run("udp", "--port", port(server), "--peers", "2", "--window", "4", "--max-loss", "0.5");
            Map<String, String> result = result();
            assertThat(exit).as(this.run.err()).isZero();
            assertThat(result).containsEntry("ok", "true").containsEntry("max_loss", "0.500000");
            assertThat(Long.parseLong(result.get("lost"))).isPositive();
        }
        assertThat(run("udp", "--max-loss", "1.5")).isEqualTo(2);
        assertThat(this.run.err()).contains("--max-loss must be 0..1, got 1.5");
    }

    @Test
    void udpFailsWhenDatagramsReachTheWrongPeer() throws Exception {
        try (TestEchoServer server = TestEchoServer.udp(Fault.SWAP_PEERS)) {
            int exit = run("udp", "--port", port(server), "--peers", "2", "--window", "1", "--timeout", "2s");
            assertThat(exit).isEqualTo(1);
            assertThat(Long.parseLong(result().get("misrouted"))).isPositive();
            assertThat(this.run.err()).contains("is not one of its own");
        }
    }

    @Test
    void connectionsHoldsThemAllAndReadsTheServersMemory() throws Exception {
        try (TestEchoServer server = TestEchoServer.tcp(Fault.NONE)) {
            int exit = run("connections", "--port", port(server), "--connections", "50", "--rate", "500", "--hold", "0s",
                    "--warmup", "0s", "--server-pid", Long.toString(ProcessHandle.current().pid()));
            Map<String, String> result = result();
            assertThat(exit).as(this.run.err()).isZero();
            assertThat(result).containsEntry("established", "50").containsEntry("failed", "0");
            double idle = Double.parseDouble(result.get("server_rss_idle_mb"));
            double held = Double.parseDouble(result.get("server_rss_mb"));
            assertThat(idle).isPositive();
            assertThat(held).isPositive();
            assertThat(Double.parseDouble(result.get("server_rss_per_connection_kb")))
                .isCloseTo((held - idle) * 1024 / 50, within(3.0)); // both MB figures are rounded to 0.1
        }
    }

    @Test
    void connectionsCountsRefusedConnectionsWithoutFailing() throws Exception {
        int port;
        try (TestEchoServer server = TestEchoServer.tcp(Fault.NONE)) {
            port = server.port();
        }
        int exit = run("connections", "--port", Integer.toString(port), "--connections", "5", "--hold", "0s",
                "--warmup", "0s");
        assertThat(exit).isZero();
        assertThat(result()).containsEntry("established", "0").containsEntry("failed", "5")
            .containsEntry("server_rss_per_connection_kb", "-1.0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            tcp --conections 4    | Unknown options: '--conections', '4'
            tcp --warm-up 1s      | Unknown options: '--warm-up', '1s'
            udp --size 8          | --size must be 12..65507, got 8
            udp --size 64KB       | --size must be 12..65507, got 65536
            tcp --size 1.5KB      | '1.5KB' is not a size
            tcp --duration=soon   | 'soon' is not a time
            tcp --warmup=-1s      | '-1s' is negative
            tcp --timeout 0s      | --timeout must be 1ms..1h, got PT0S
            tcp --duration 2h     | --duration must be 0s..1h, got PT2H
            tcp --connections 0   | --connections must be 1..1000000, got 0
            tcp --port 65536      | --port must be 1..65535, got 65536
            connections --rate 0  | --rate must be 1..1000000, got 0
            tcp --rate -1         | --rate must be 0..100000000, got -1
            udp --rate -1         | --rate must be 0..100000000, got -1
            udp --tls --rate 10   | --rate is for the plain udp load
            trickle               | Unmatched argument at index 1: 'trickle'
            """)
    void badOptionsAreUsageErrorsThatNameTheOption(String args, String message) {
        this.run = CommandRun.of("", ("bench " + args).split(" "));

        assertThat(this.run.status()).isEqualTo(2);
        assertThat(this.run.errLines().get(0)).contains(message);
        assertThat(this.run.err()).contains("Usage: java -jar netctx.jar bench", "--help' for more information");
        assertThat(this.run.out()).isEmpty();
    }

    @Test
    void benchWithoutAModeListsTheModes() {
        this.run = CommandRun.of("", "bench");

        assertThat(this.run.status()).isEqualTo(2);
        assertThat(this.run.errLines().get(0)).isEqualTo("Missing required subcommand");
        assertThat(CommandRun.of("", "bench", "--help").out()).contains("tcp", "ping-pong", "udp", "connections");
    }

    @Test
    void everyModeShowsItsOwnDefaults() {
        assertThat(CommandRun.of("", "bench", "udp", "--help").out()).contains("--size=<size>", "default: 512B",
                "--warmup=<time>", "default: 2s");
        assertThat(CommandRun.of("", "bench", "ping-pong", "--help").out()).contains("default: 64B")
            .containsPattern("--connections=<n>\\s+TCP connections, 1..1000000 \\(default: 1\\)");
        assertThat(CommandRun.of("", "bench", "tcp", "--help").out()).contains("default: 1KB")
            .containsPattern("--in-flight=<n>\\s+messages in flight on each connection, 1..65536 \\(default: 16\\)");
    }

    @Test
    void sizesTakeAUnit() throws Exception {
        try (TestEchoServer server = TestEchoServer.tcp(Fault.NONE)) {
            assertThat(run("tcp", "--port", port(server), "--connections", "1", "--in-flight", "1", "--size", "2KB")).isZero();
            assertThat(result()).containsEntry("size", "2048");
        }
    }

    private int run(String mode, String... args) {
        String[] all = new String[2 + args.length + SHORT.length];
        all[0] = "bench";
        all[1] = mode;
        System.arraycopy(SHORT, 0, all, 2, SHORT.length);
        System.arraycopy(args, 0, all, 2 + SHORT.length, args.length);
        this.run = CommandRun.of("", all);
        return this.run.status();
    }

    private Map<String, String> result() {
        return BenchResult.of(this.run);
    }

    private static String port(TestEchoServer server) {
        return Integer.toString(server.port());
    }
}
