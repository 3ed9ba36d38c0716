package dev.netctx.tomcat;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Limits of the HTTP side that Spring Boot's {@code server.tomcat.*} does not offer,
 * {@code netctx.http.*}; they apply to the traffic and the management connector alike. It
 * validates itself when bound, so that a bad value fails start-up naming the property.
 * @param requestHeaderTimeout How long a request has, from its first byte, to send its whole header
 * (request line and header fields) before its connection is closed, however slowly its bytes keep
 * coming; 0s turns the deadline off.
 */
@ConfigurationProperties("netctx.http")
public record NetctxHttpProperties(@DefaultValue("10s") Duration requestHeaderTimeout) implements Validator {

    @Override
    public boolean supports(Class<?> type) {
        return NetctxHttpProperties.class.equals(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        Duration timeout = ((NetctxHttpProperties) target).requestHeaderTimeout();
        if (timeout == null || timeout.isNegative()) {
            errors.rejectValue("request-header-timeout", "range", "must be 0s (no deadline) or more");
        }
    }
}
