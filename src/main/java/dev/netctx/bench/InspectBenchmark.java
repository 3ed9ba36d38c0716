package dev.netctx.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.netctx.cli.DurationConverter;
import dev.netctx.cli.StandardStreams;
import dev.netctx.footprint.ProcessStatus;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code netctx bench inspect}: what inspecting a loaded netctx costs. It holds {@code --connections}
 * TCP connections to a running netctx (one of them busy; before them, it times {@code --refusals}
 * closing requests with wrong credentials and the server's CPU per refusal), then prints the p50/p99 latency and bytes
 * of {@code GET /api/contexts} (the default page, and sorted by rate), checks that a sort by bytes
 * received lists the busy connection first with the right total, opens {@code --pages} live pages in
 * headless Chromium (their time to first render), keeps them open for {@code --hold}, and reads the
 * server's resident memory before and after. Exits 0, or 1 when a check failed or the server could
 * not be measured.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Holds connections against a running netctx and measures its REST API and live page.")
public final class InspectBenchmark implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "netctx's address (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "4442", description = "its TCP echo port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--http-port", defaultValue = "8080", description = "its HTTP port, of /api and the page (default: ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--connections", defaultValue = "10000", description = "connections held (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--rate", defaultValue = "2000", description = "connections opened per second (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--requests", defaultValue = "500", description = "measured requests per URL (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--warmup-requests", defaultValue = "100", description = "requests per URL before measuring (default: ${DEFAULT-VALUE})")
    int warmupRequests;

    @Option(names = "--refusals", defaultValue = "1000",
            description = "closing requests with wrong credentials, timed before the connections are opened, 0 for none (default: ${DEFAULT-VALUE})")
    int refusals;

    @Option(names = "--pages", defaultValue = "5", description = "live pages opened in headless Chromium, 0 for none (default: ${DEFAULT-VALUE})")
    int pages;

    @Option(names = "--hold", defaultValue = "60s", converter = DurationConverter.class,
            description = "how long the pages stay open (default: ${DEFAULT-VALUE})")
    Duration hold;

    @Option(names = "--server-pid", description = "netctx's process id, to read its RSS from /proc (default: not read)")
    @Nullable Long serverPid;

    @Option(names = "--chromium", defaultValue = "/usr/bin/chromium", description = "the browser (default: ${DEFAULT-VALUE})")
    Path chromium;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "for each connection, request, page and wait (default: ${DEFAULT-VALUE})")
    Duration timeout;

    private final PrintStream out;

    private final PrintStream err;

    private final JsonMapper json = JsonMapper.builder().build();

    /** On the standard streams. */
    public InspectBenchmark() {
        this(System.out, System.err);
    }

    /** On the command line's streams. */
    public InspectBenchmark(StandardStreams streams) {
        this(streams.out(), streams.err());
    }

    /** Printing the report to {@code out} and progress and problems to {@code err}. */
    public InspectBenchmark(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        Report report = new Report("inspect");
        HttpClient http = HttpClient.newBuilder().connectTimeout(this.timeout).build();
        URI base = URI.create("http://" + hostForUri() + ":" + this.httpPort + "/");
        OptionalLong idle = rssKib();
        if (this.refusals > 0) {
            this.err.println("bench inspect: DELETE " + base.resolve("api/contexts/0") + " with wrong credentials x "
                    + (2 * this.refusals));
            RefusalCost.measure(http, base, this.refusals, this.timeout, this.serverPid).addTo(report);
        }
        this.err.println("bench inspect: opening " + this.connections + " connections to " + this.host + ":" + this.port);
        try (HeldConnections held = HeldConnections.open(new InetSocketAddress(this.host, this.port), this.connections,
                this.rate, this.timeout, this.err)) {
            held.startBusy(16 * 1024);
            report.add("connections", this.connections).add("established", held.established()).add("failed", held.failed());
            String busy = ":" + held.busyPort();
            // the server has every session, and the sampler has seen the busy one move
            awaitPage(http, base.resolve("api/contexts?size=1&role=session"),
                    (page) -> page.path("page").path("totalElements").asLong() >= held.established());
            awaitPage(http, base.resolve("api/contexts?size=1&sort=rate,desc"),
                    (page) -> page.path("content").path(0).path("remote").asString("").endsWith(busy));
            OptionalLong heldRss = rssKib();

            ApiLatency defaultPage = measure(http, base.resolve("api/contexts"));
            report.addLatency("default_page", defaultPage.latency()).add("default_page_bytes", defaultPage.bytes());
            ApiLatency byRate = measure(http, base.resolve("api/contexts?sort=rate,desc"));
            report.addLatency("by_rate", byRate.latency()).add("by_rate_bytes", byRate.bytes());
            ApiLatency byReceived = ApiLatency.measure(http, base.resolve("api/contexts?sort=bytesReceived,desc&size=1"),
                    0, 1, this.timeout);
            JsonNode received = this.json.readTree(byReceived.body());
            boolean busyFirst = received.path("content").path(0).path("remote").asString("").endsWith(busy);
            long total = received.path("page").path("totalElements").asLong();
            report.add("busy_first_by_received", busyFirst ? 1 : 0).add("total_elements", total);
            if (!busyFirst || total < held.established()) {
                this.err.println("bench inspect: sort=bytesReceived,desc answered " + byReceived.body());
                report.fail();
            }
            OptionalLong afterApi = rssKib();
            OptionalLong afterPages = (this.pages > 0) ? openPages(base, report) : OptionalLong.empty();
            report.add("busy_echoed_mb", held.busyBytes() / 1e6);
            addRss(report, "server_rss_idle_mb", idle);
            addRss(report, "server_rss_held_mb", heldRss);
            addRss(report, "server_rss_after_api_mb", afterApi);
            addRss(report, "server_rss_after_pages_mb", afterPages);
            if (afterApi.isPresent() && afterPages.isPresent()) {
                report.add("pages_rss_growth_mb", (afterPages.getAsLong() - afterApi.getAsLong()) / 1024.0);
            }
        }
        report.print(this.out);
        return report.failed() ? 1 : 0;
    }

    /** Opens the pages one after the other (each one's first render timed), holds them all, then closes them. */
    private OptionalLong openPages(URI base, Report report) throws IOException, InterruptedException {
        Histogram firstRender = Report.latencyHistogram();
        try (HeadlessChromium browser = HeadlessChromium.start(this.chromium, this.timeout)) {
            List<HeadlessChromium.Tab> tabs = new ArrayList<>();
            for (int i = 0; i < this.pages; i++) {
                HeadlessChromium.Tab tab = browser.open(base);
                tabs.add(tab);
                double millis = browser.firstRenderMillis(tab, this.timeout);
                firstRender.recordValue((long) (millis * TimeUnit.MILLISECONDS.toNanos(1)));
                this.err.printf("bench inspect: page %d rendered listeners and rows in %.0f ms%n", i + 1, millis);
            }
            report.add("pages", this.pages)
                .add("first_render_p50_ms", firstRender.getValueAtPercentile(50) / 1e6)
                .add("first_render_max_ms", firstRender.getMaxValue() / 1e6);
            this.err.println("bench inspect: holding " + this.pages + " pages open for " + this.hold.toSeconds() + " s");
            TimeUnit.MILLISECONDS.sleep(this.hold.toMillis());
            OptionalLong rss = rssKib();
            for (HeadlessChromium.Tab tab : tabs) {
                browser.close(tab);
            }
            return rss;
        }
    }

    private ApiLatency measure(HttpClient http, URI uri) throws IOException, InterruptedException {
        this.err.println("bench inspect: GET " + uri + " x " + (this.warmupRequests + this.requests));
        return ApiLatency.measure(http, uri, this.warmupRequests, this.requests, this.timeout);
    }

    private void awaitPage(HttpClient http, URI uri, Predicate<JsonNode> done) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + this.timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = ApiLatency.measure(http, uri, 0, 1, this.timeout).body();
            if (done.test(this.json.readTree(last))) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IOException("GET " + uri + " did not show what was expected within " + this.timeout + ": " + last);
    }

    private OptionalLong rssKib() {
        return (this.serverPid != null) ? ProcessStatus.of(this.serverPid).residentKib() : OptionalLong.empty();
    }

    private static void addRss(Report report, String key, OptionalLong kib) {
        if (kib.isPresent()) {
            report.add(key, kib.getAsLong() / 1024.0);
        }
    }

    private String hostForUri() {
        return this.host.contains(":") ? "[" + this.host + "]" : this.host;
    }
}
