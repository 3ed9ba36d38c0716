package dev.netctx.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.netctx.LiveServiceTest;
import dev.netctx.testing.ExternalTool;
import dev.netctx.context.ContextQuery;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ContextSortKey;
import dev.netctx.context.ListenerStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Wait;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The live page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}):
 * it shows a connection this test opened, its counters grow as bytes flow, and its close button,
 * after asking for the token, ends the connection; with a few hundred held connections it shows one
 * page of them, the busy one first, and searches, sorts and pages on the server. Without a browser the test fails under CI
 * ({@code CI=true}, where {@code .ci/run} installs one) and is reported as skipped elsewhere, as it is
 * with {@code -Dnetctx.browser-tests=skip} (or {@code NETCTX_BROWSER_TESTS=skip}).
 */
@LiveServiceTest
@Timeout(180)
class LivePageBrowserTests {

    static final ExternalTool CHROMIUM = new ExternalTool("/usr/bin/chromium", "chromium");

    static final ExternalTool CHROMEDRIVER = new ExternalTool("/usr/bin/chromedriver", "chromium-driver");

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Connections held by the paging test: several pages of the default 50. */
    private static final int HELD = 300;

    @LocalServerPort
    private int port;

    @Autowired
    private ContextRegistry registry;

    private WebDriver browser;

    @BeforeEach
    void startBrowser() {
        this.browser = startChromium();
    }

    @AfterEach
    void stopBrowser() {
        if (this.browser != null) {
            this.browser.quit();
        }
    }

    /** Headless Chromium through its driver, or a skip that says why, if the build said there is no browser. */
    static WebDriver startChromium() {
        if ("skip".equals(System.getProperty("netctx.browser-tests", System.getenv("NETCTX_BROWSER_TESTS")))) {
            abort("browser tests skipped on request (netctx.browser-tests=skip)");
        }
        // CI (.ci/run installs both) must run this test; a machine without a browser skips it, visibly
        Path chromium = CHROMIUM.require();
        Path chromedriver = CHROMEDRIVER.require();
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
            .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1440,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
            .build();
        return new ChromeDriver(service, options);
    }

    @Test
    void theHeaderNamesTheHostThatAnswered() throws IOException {
        this.browser.get("http://127.0.0.1:" + this.port + "/");
        WebElement host = new WebDriverWait(this.browser, WAIT)
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("host")));
        assertThat(host.getText()).startsWith("host " + java.net.InetAddress.getLocalHost().getHostName());
        assertThat(this.browser.getTitle()).contains(java.net.InetAddress.getLocalHost().getHostName());
    }

    @Test
    void showsAConnectionWithGrowingCountersAndClosesItWithTheToken() throws IOException {
        ListenerStats tcp = this.registry.listener("tcp").orElseThrow();
        try (Socket peer = new Socket()) {
            peer.connect(new InetSocketAddress("127.0.0.1", tcp.port()), (int) WAIT.toMillis());
            peer.setSoTimeout((int) WAIT.toMillis());
            echo(peer, 1_000);
            this.browser.get("http://127.0.0.1:" + this.port + "/");
            Wait<WebDriver> wait = liveTableWait();
            By row = By.xpath("//tbody/tr[td[contains(@class, 'remote')][text()='127.0.0.1:" + peer.getLocalPort()
                    + "']]");
            WebElement session = wait.until(ExpectedConditions.visibilityOfElementLocated(row));
            wait.until((driver) -> bytes(driver.findElement(row), "received") == 1_000);
            assertThat(session.findElement(By.cssSelector("td.received")).getText()).isEqualTo("1000 B");

            echo(peer, 5_000);
            wait.until((driver) -> bytes(driver.findElement(row), "received") == 6_000
                    && bytes(driver.findElement(row), "sent") == 6_000);
            assertThat(session.findElement(By.cssSelector("td.sent")).getText()).isEqualTo("5.86 KiB");
            assertThat(this.browser.findElement(By.cssSelector("article[data-listener='tcp'] dd.open")).getText())
                .isNotEqualTo("0");
            assertThat(this.browser.findElement(By.cssSelector("article[data-listener='tcp'] .settings")).getText())
                .as("the listener's mode").isEqualTo("echo");

            session.findElement(By.cssSelector("button.close")).click();
            WebElement login = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
            login.findElement(By.name("token")).sendKeys(LiveServiceTest.TOKEN);
            login.findElement(By.id("login-ok")).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
            assertThat(endOfStream(peer.getInputStream())).as("the peer's read ends").isTrue();
        }
    }

    @Test
    void showsTheBusiestOfAFewHundredFirstAndSearchesSortsAndPages() throws Exception {
        ListenerStats tcp = this.registry.listener("tcp").orElseThrow();
        List<Socket> held = new ArrayList<>();
        AtomicBoolean busy = new AtomicBoolean(true);
        try {
            for (int i = 0; i < HELD; i++) {
                Socket peer = new Socket();
                held.add(peer);
                peer.connect(new InetSocketAddress("127.0.0.1", tcp.port()), (int) WAIT.toMillis());
                peer.setSoTimeout((int) WAIT.toMillis());
            }
            Socket busiest = held.get(HELD / 2);
            echo(held.get(0), 2_000);
            Thread echoing = new Thread(() -> echoUntil(busiest, busy), "busy-peer");
            echoing.start();
            String busiestPeer = "127.0.0.1:" + busiest.getLocalPort();
            await().atMost(WAIT).until(() -> this.registry.page(new ContextQuery(null, null, null, null, null,
                    ContextSortKey.RATE, true, 0, 1)).content().get(0).remote(), busiestPeer::equals);

            this.browser.get("http://127.0.0.1:" + this.port + "/");
            Wait<WebDriver> wait = liveTableWait();
            wait.until((driver) -> total(driver) >= HELD);
            wait.until((driver) -> firstPeer(driver).equals(busiestPeer));
            assertThat(rows()).as("one page of the default size, not every context").hasSize(50);
            assertThat(this.browser.findElement(By.cssSelector("th.rate-in")).getDomAttribute("aria-sort"))
                .isEqualTo("descending");

            this.browser.findElement(By.id("next")).click();
            wait.until((driver) -> driver.findElement(By.id("page-of")).getText().startsWith("51–100 of "));
            assertThat(rows()).hasSize(50).doesNotContain(busiestPeer);
            this.browser.findElement(By.id("previous")).click();
            wait.until((driver) -> driver.findElement(By.id("page-of")).getText().startsWith("1–50 of "));

            this.browser.findElement(By.cssSelector("th.received button")).click();
            wait.until((driver) -> "descending".equals(
                    driver.findElement(By.cssSelector("th.received")).getDomAttribute("aria-sort")));
            wait.until((driver) -> firstPeer(driver).equals(busiestPeer));
            this.browser.findElement(By.cssSelector("th.id button")).click();
            wait.until((driver) -> "ascending".equals(
                    driver.findElement(By.cssSelector("th.id")).getDomAttribute("aria-sort")));
            wait.until((driver) -> !firstPeer(driver).equals(busiestPeer) && sortedById(driver));

            WebElement search = this.browser.findElement(By.id("search"));
            search.sendKeys(":" + busiest.getLocalPort() + Keys.ENTER);
            wait.until((driver) -> total(driver) == 1 && firstPeer(driver).equals(busiestPeer));
            search.clear();
            search.sendKeys("udp" + Keys.ENTER);
            wait.until((driver) -> total(driver) >= 1 && driver.findElements(By.cssSelector("#contexts tbody tr"))
                .stream().allMatch((row) -> row.findElement(By.cssSelector("td.listener")).getText().endsWith("udp")));
            search.clear();
            search.sendKeys("example.com" + Keys.ENTER);
            WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("search-error")));
            assertThat(error.getText()).startsWith("Invalid remote 'example.com'");
            search.clear();
            search.sendKeys("127.0.0.0/8" + Keys.ENTER);
            wait.until((driver) -> !driver.findElement(By.id("search-error")).isDisplayed() && total(driver) >= HELD);
        }
        finally {
            busy.set(false);
            for (Socket peer : held) {
                peer.close();
            }
        }
    }

    private List<String> rows() {
        return this.browser.findElements(By.cssSelector("#contexts tbody tr td.remote")).stream()
            .map(WebElement::getText).toList();
    }

    private static long total(WebDriver driver) {
        String total = driver.findElement(By.id("count")).getDomAttribute("data-total");
        return (total != null) ? Long.parseLong(total) : -1;
    }

    private static String firstPeer(WebDriver driver) {
        List<WebElement> first = driver.findElements(By.cssSelector("#contexts tbody tr:first-child td.remote"));
        return first.isEmpty() ? "" : first.get(0).getText();
    }

    private static boolean sortedById(WebDriver driver) {
        List<Long> ids = driver.findElements(By.cssSelector("#contexts tbody tr td.id")).stream()
            .map((cell) -> Long.parseLong(cell.getText())).toList();
        return !ids.isEmpty() && ids.equals(ids.stream().sorted().toList());
    }

    /** Echoes 4 KiB at a time until {@code busy} is cleared, at most for the test's wait. */
    private static void echoUntil(Socket peer, AtomicBoolean busy) {
        long deadline = System.nanoTime() + WAIT.multipliedBy(3).toNanos();
        try {
            while (busy.get() && System.nanoTime() < deadline) {
                echo(peer, 4_096);
            }
        }
        catch (IOException | AssertionError ex) {
            // the test ended and closed the socket
        }
    }

    private static long bytes(WebElement row, String column) {
        return Long.parseLong(row.findElement(By.cssSelector("td." + column)).getDomAttribute("data-bytes"));
    }

    private static void echo(Socket peer, int size) throws IOException {
        byte[] payload = new byte[size];
        peer.getOutputStream().write(payload);
        assertThat(peer.getInputStream().readNBytes(size)).hasSize(size);
    }

    private static boolean endOfStream(InputStream in) throws IOException {
        try {
            return in.read() == -1;
        }
        catch (SocketException ex) {
            return true;
        }
    }

    /**
     * A wait on the live table: the page redraws its rows at every refresh, so a row found may be
     * replaced before it is read; the condition is then tried again, not failed.
     */
    private Wait<WebDriver> liveTableWait() {
        return new WebDriverWait(this.browser, WAIT).ignoring(StaleElementReferenceException.class);
    }
}
