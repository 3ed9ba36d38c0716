package dev.netctx.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import dev.netctx.LiveServiceTest;
import dev.netctx.context.ContextRegistry;
import dev.netctx.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench inspect} in a tiny bounded run against the whole service on free ports (this JVM is
 * the server whose RSS it reads): every figure is printed and the busy connection is found first.
 * The full run (10,000 connections, five pages for 60 s) is for a quiet machine: docs/benchmarks.md.
 */
@LiveServiceTest
@Timeout(120)
class InspectBenchmarkTests {

    static final ExternalTool CHROMIUM = new ExternalTool("/usr/bin/chromium", "chromium");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @LocalServerPort
    private int httpPort;

    @Autowired
    private ContextRegistry registry;

    @Test
    void measuresTheApiWithHeldConnectionsAndFindsTheBusyOneFirst() {
        int exit = run("--pages", "0");
        assertThat(exit).as(this.err.toString()).isZero();
        Map<String, String> result = result();
        assertThat(result).containsEntry("ok", "true").containsEntry("established", "40").containsEntry("failed", "0")
            .containsEntry("busy_first_by_received", "1");
        assertThat(Long.parseLong(result.get("total_elements"))).isGreaterThanOrEqualTo(40);
        assertThat(Double.parseDouble(result.get("default_page_p99_us"))).isPositive();
        assertThat(Double.parseDouble(result.get("by_rate_p50_us"))).isPositive();
        assertThat(Long.parseLong(result.get("default_page_bytes"))).isPositive();
        assertThat(Double.parseDouble(result.get("server_rss_held_mb"))).isPositive();
        assertThat(Double.parseDouble(result.get("refused_p99_us"))).isPositive();
        assertThat(result).containsKey("refused_cpu_us").doesNotContainKey("first_render_p50_ms");
    }

    @Test
    void timesTheFirstRenderOfLivePagesInHeadlessChromium() {
        Path chromium = CHROMIUM.require();
        int exit = run("--pages", "2", "--hold", "2s", "--chromium", chromium.toString());
        assertThat(exit).as(this.err.toString()).isZero();
        Map<String, String> result = result();
        assertThat(result).containsEntry("pages", "2").containsKey("server_rss_after_pages_mb")
            .containsKey("pages_rss_growth_mb");
        assertThat(Double.parseDouble(result.get("first_render_max_ms"))).isPositive();
        assertThat(this.err.toString()).contains("page 2 rendered listeners and rows in");
    }

    @Test
    void aMalformedOptionIsAUsageError() {
        assertThat(run("--hold", "soon")).isEqualTo(2);
        assertThat(this.err.toString()).contains("'soon' is not a time");
    }

    private int run(String... options) {
        String[] common = { "--port", String.valueOf(this.registry.listener("tcp").orElseThrow().port()), "--http-port",
                String.valueOf(this.httpPort), "--connections", "40", "--rate", "400", "--requests", "20",
                "--warmup-requests", "5", "--refusals", "50", "--server-pid", String.valueOf(ProcessHandle.current().pid()),
                "--timeout", "20s" };
        String[] args = Arrays.copyOf(common, common.length + options.length);
        System.arraycopy(options, 0, args, common.length, options.length);
        PrintStream outStream = new PrintStream(this.out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(this.err, true, StandardCharsets.UTF_8);
        CommandLine command = new CommandLine(new InspectBenchmark(outStream, errStream));
        command.setErr(new java.io.PrintWriter(errStream, true));
        command.setOut(new java.io.PrintWriter(outStream, true));
        return command.execute(args);
    }

    private Map<String, String> result() {
        String line = this.out.toString(StandardCharsets.UTF_8).lines().filter((l) -> l.startsWith("RESULT "))
            .findFirst().orElseThrow(() -> new AssertionError("no RESULT line in " + this.out));
        Map<String, String> figures = new HashMap<>();
        for (String pair : line.substring("RESULT ".length()).split(" ")) {
            int equals = pair.indexOf('=');
            figures.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return figures;
    }
}
