package dev.netctx.web;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

import dev.netctx.LiveServiceTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP side listens on loopback unless {@code server.address} says otherwise, as the echo listeners do. */
@LiveServiceTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoopbackDefaultTests {

    @Autowired
    private WebServerApplicationContext context;

    @Test
    void theHttpSideListensOnLoopbackByDefault() {
        TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
        Object address = server.getTomcat().getConnector().getProperty("address");
        assertThat(address).isInstanceOf(InetAddress.class);
        assertThat(((InetAddress) address).isLoopbackAddress()).as("bound to %s", address).isTrue();
    }
}
