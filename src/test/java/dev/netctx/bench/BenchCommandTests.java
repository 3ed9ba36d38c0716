package dev.netctx.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import dev.netctx.bench.TestEchoServer.Fault;

import org.junit.jupiter.api.Test;

class BenchCommandTests {

    private static final String[] SHORT = { "--warmup", "100ms", "--duration", "400ms", "--timeout", "5s" };

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void tcpVerifiesEveryEchoAndReportsThroughputAndLatency() throws Exception {
        try (TestEchoServer server = TestEchoServer.tcp(Fault.NONE)) {
            int exit = run("tcp", "--port", port(server), "--connections", "4", "--in-flight", "4", "--size", "100");
            Map<String, String> result = result();
            assertThat(exit).as(this.err.toString()).isZero();
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
            assertThat(this.err.toString()).contains("connection 0: message 4 byte 999");
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
            assertThat(exit).as(this.err.toString()).isZero();
            assertThat(result).containsEntry("misrouted", "0").containsEntry("duplicates", "0").containsEntry("lost", "0");
            assertThat(Long.parseLong(result.get("sent"))).isPositive();
        }
    }

    @Test
    void udpFailsWhenDatagramsReachTheWrongPeer() throws Exception {
        try (TestEchoServer server = TestEchoServer.udp(Fault.SWAP_PEERS)) {
            int exit = run("udp", "--port", port(server), "--peers", "2", "--window", "1", "--timeout", "2s");
            assertThat(exit).isEqualTo(1);
            assertThat(Long.parseLong(result().get("misrouted"))).isPositive();
            assertThat(this.err.toString()).contains("is not one of its own");
        }
    }

    @Test
    void connectionsHoldsThemAllAndReadsTheServersMemory() throws Exception {
        try (TestEchoServer server = TestEchoServer.tcp(Fault.NONE)) {
            int exit = run("connections", "--port", port(server), "--connections", "50", "--rate", "500", "--hold", "0s",
                    "--warmup", "0s", "--server-pid", Long.toString(ProcessHandle.current().pid()));
            Map<String, String> result = result();
            assertThat(exit).as(this.err.toString()).isZero();
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

    @Test
    void badOptionsAreUsageErrorsThatNameTheOption() {
        assertThat(BenchCommand.run(new String[] { "tcp", "--conections", "4" }, stream(this.out), stream(this.err)))
            .isEqualTo(2);
        assertThat(this.err.toString()).contains("unknown option --conections").contains("usage: netctx bench");
        this.err.reset();
        assertThat(BenchCommand.run(new String[] { "udp", "--size", "8" }, stream(this.out), stream(this.err))).isEqualTo(2);
        assertThat(this.err.toString()).contains("--size must be an integer in 12..");
        this.err.reset();
        assertThat(BenchCommand.run(new String[] { "tcp", "--duration=soon" }, stream(this.out), stream(this.err)))
            .isEqualTo(2);
        assertThat(this.err.toString()).contains("--duration must be a duration");
    }

    private int run(String mode, String... args) {
        String[] all = new String[1 + args.length + SHORT.length];
        all[0] = mode;
        System.arraycopy(SHORT, 0, all, 1, SHORT.length);
        System.arraycopy(args, 0, all, 1 + SHORT.length, args.length);
        return BenchCommand.run(all, stream(this.out), stream(this.err));
    }

    /** The RESULT line as a map (later options of the same name win, as in the parser). */
    private Map<String, String> result() {
        String line = this.out.toString(StandardCharsets.UTF_8).lines()
            .filter(l -> l.startsWith("RESULT "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no RESULT line in: " + this.out + this.err));
        Map<String, String> result = new HashMap<>();
        Arrays.stream(line.substring("RESULT ".length()).split(" "))
            .map(pair -> pair.split("=", 2))
            .forEach(pair -> result.put(pair[0], pair[1]));
        return result;
    }

    private static String port(TestEchoServer server) {
        return Integer.toString(server.port());
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
