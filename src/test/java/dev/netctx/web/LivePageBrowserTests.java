package dev.netctx.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;

import dev.netctx.LiveServiceTest;
import dev.netctx.testing.ExternalTool;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ListenerStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The live page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}):
 * it shows a connection this test opened, its counters grow as bytes flow, and its close button,
 * after asking for the token, ends the connection. Without a browser the test fails under CI
 * ({@code CI=true}, where {@code .ci/run} installs one) and is reported as skipped elsewhere, as it is
 * with {@code -Dnetctx.browser-tests=skip} (or {@code NETCTX_BROWSER_TESTS=skip}).
 */
@LiveServiceTest
class LivePageBrowserTests {

    static final ExternalTool CHROMIUM = new ExternalTool("/usr/bin/chromium", "chromium");

    static final ExternalTool CHROMEDRIVER = new ExternalTool("/usr/bin/chromedriver", "chromium-driver");

    private static final Duration WAIT = Duration.ofSeconds(20);

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
    void showsAConnectionWithGrowingCountersAndClosesItWithTheToken() throws IOException {
        ListenerStats tcp = this.registry.listener("tcp").orElseThrow();
        try (Socket peer = new Socket()) {
            peer.connect(new InetSocketAddress("127.0.0.1", tcp.port()), (int) WAIT.toMillis());
            peer.setSoTimeout((int) WAIT.toMillis());
            echo(peer, 1_000);
            this.browser.get("http://127.0.0.1:" + this.port + "/");
            WebDriverWait wait = new WebDriverWait(this.browser, WAIT);
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

            session.findElement(By.cssSelector("button.close")).click();
            WebElement login = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
            login.findElement(By.name("token")).sendKeys(LiveServiceTest.TOKEN);
            login.findElement(By.id("login-ok")).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
            assertThat(endOfStream(peer.getInputStream())).as("the peer's read ends").isTrue();
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
}
