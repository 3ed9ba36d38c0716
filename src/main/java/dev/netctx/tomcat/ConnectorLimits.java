package dev.netctx.tomcat;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Puts the request-header deadline on a Tomcat connector: the protocol becomes
 * {@link RequestHeaderDeadlineProtocol} with {@code netctx.http.request-header-timeout}. The other
 * limits ({@code server.tomcat.max-connections}, {@code connection-timeout},
 * {@code keep-alive-timeout}, {@code max-keep-alive-requests}) are Boot's, which apply to the
 * management connector too.
 */
final class ConnectorLimits implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final NetctxHttpProperties properties;

    ConnectorLimits(NetctxHttpProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.setProtocol(RequestHeaderDeadlineProtocol.class.getName());
        long millis = this.properties.requestHeaderTimeout().toMillis();
        factory.addConnectorCustomizers((connector) -> {
            if (connector.getProtocolHandler() instanceof RequestHeaderDeadlineProtocol protocol) {
                protocol.setRequestHeaderTimeout(millis);
            }
        });
    }
}
