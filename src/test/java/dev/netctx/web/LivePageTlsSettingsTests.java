package dev.netctx.web;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Wait;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The live page in headless Chromium shows a TLS listener's protocols as its SSL bundle has them now:
 * updated to TLS 1.2 only, and back, without reloading the page. Skipped or failing without a
 * browser as {@link LivePageBrowserTests} is.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0", "management.server.port=0",
                "netctx.listeners.tls.protocol=tcp", "netctx.listeners.tls.port=0", "netctx.listeners.tls.ssl.bundle=server",
                "spring.ssl.bundle.pem.server.keystore.certificate=classpath:tls/server.crt",
                "spring.ssl.bundle.pem.server.keystore.private-key=classpath:tls/server.key" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LivePageTlsSettingsTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final By SETTINGS = By.cssSelector("article[data-listener='tls'] .settings");

    @LocalServerPort
    private int port;

    @Autowired
    private SslBundles bundles;

    @Autowired
    private SslBundleRegistry bundleRegistry;

    private WebDriver browser;

    @BeforeEach
    void startBrowser() {
        this.browser = LivePageBrowserTests.startChromium();
    }

    @AfterEach
    void stopBrowser() {
        if (this.browser != null) {
            this.browser.quit();
        }
    }

    @Test
    void theListenersProtocolsFollowItsUpdatedBundle() {
        SslBundle original = this.bundles.getBundle("server");
        this.browser.get("http://127.0.0.1:" + this.port + "/");
        // the page redraws the settings line at every refresh: a line found may be replaced before it is read
        Wait<WebDriver> wait = new WebDriverWait(this.browser, WAIT).ignoring(StaleElementReferenceException.class);
        wait.until((driver) -> showing(driver, "echo · TLS bundle server (TLSv1.3, TLSv1.2)"));
        try {
            this.bundleRegistry.updateBundle("server", SslBundle.of(original.getStores(), original.getKey(),
                    SslOptions.of(null, new String[] { "TLSv1.2" }), original.getProtocol(), original.getManagers()));
            wait.until((driver) -> showing(driver, "echo · TLS bundle server (TLSv1.2)"));
        }
        finally {
            this.bundleRegistry.updateBundle("server", original);
        }
        wait.until((driver) -> showing(driver, "echo · TLS bundle server (TLSv1.3, TLSv1.2)"));
    }

    private static boolean showing(WebDriver driver, String settings) {
        return driver.findElements(SETTINGS).stream().anyMatch((element) -> element.getText().equals(settings));
    }
}
