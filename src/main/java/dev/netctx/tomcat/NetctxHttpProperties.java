package dev.netctx.tomcat;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the HTTP side that Spring Boot's {@code server.tomcat.*} does not offer,
 * {@code netctx.http.*}; they apply to the traffic and the management connector alike.
 * @param requestHeaderTimeout how long a request has, from its first byte, to send its whole header
 * (request line and header fields) before its connection is closed, however slowly its bytes keep
 * coming; {@code 0} turns the deadline off
 */
@ConfigurationProperties("netctx.http")
public record NetctxHttpProperties(@DefaultValue("10s") Duration requestHeaderTimeout) {

    public NetctxHttpProperties {
        if (requestHeaderTimeout == null || requestHeaderTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "netctx.http.request-header-timeout must be 0 (no deadline) or more, was " + requestHeaderTimeout);
        }
    }
}
