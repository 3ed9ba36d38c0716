package dev.netctx.web;

import dev.netctx.net.Addresses;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Logs the live page's URL once the web server listens, with the address it is bound to
 * ({@code server.address}) and its real port: {@code Live page: http://127.0.0.1:8080/}. When it
 * listens on every interface, the URL names loopback and the line says so.
 */
@Component
class LivePageAnnouncement implements ApplicationListener<WebServerInitializedEvent> {

    private static final Log logger = LogFactory.getLog(LivePageAnnouncement.class);

    private final Environment environment;

    LivePageAnnouncement(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            logger.info("Live page: " + url(event.getWebServer().getPort()));
        }
    }

    /** The live page's URL on {@code port}, with a note when the server listens on every interface. */
    String url(int port) {
        String address = this.environment.getProperty("server.address", "");
        String contextPath = this.environment.getProperty("server.servlet.context-path", "");
        boolean everyInterface = address.isBlank() || address.equals("0.0.0.0") || address.equals("::")
                || address.equals("[::]");
        String host = everyInterface ? (address.contains(":") ? "::1" : "127.0.0.1") : address;
        String url = "http://" + Addresses.format(host, port) + contextPath + "/";
        return everyInterface ? url + " (listening on " + (address.isBlank() ? "every interface" : address)
                + ", server.address)" : url;
    }
}
