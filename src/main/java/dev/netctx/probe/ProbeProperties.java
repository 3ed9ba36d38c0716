package dev.netctx.probe;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The guarded probe, {@code netctx.probe.*}: where it may dial and how much one probe may do. It
 * validates itself when bound, naming the property that is wrong.
 * @param allowedTargets Targets a probe may dial: networks in CIDR notation (10.0.0.0/8, fd00::/8; any
 * port) or host:port ([::1]:4442 for IPv6; a host name is resolved when probing and stands for its
 * addresses on that port). Empty, the default, turns the probe off.
 * @param maxCount Most tries one probe may ask for, at most 100.
 * @param maxSize Largest payload of one try, at most 65507B (the largest UDP datagram).
 * @param maxTimeout Longest timeout of one try (connect and round trip), at most 60s.
 * @param maxConcurrent Most probes running at once, at most 64; a probe beyond it is refused with 429.
 */
@ConfigurationProperties("netctx.probe")
public record ProbeProperties(@DefaultValue List<String> allowedTargets, @DefaultValue("10") int maxCount,
        @DefaultValue("9KB") DataSize maxSize, @DefaultValue("5s") Duration maxTimeout,
        @DefaultValue("4") int maxConcurrent) implements Validator {

    static final int COUNT_CAP = 100;

    static final int SIZE_CAP = 65_507;

    static final Duration TIMEOUT_CAP = Duration.ofSeconds(60);

    static final int CONCURRENT_CAP = 64;

    public ProbeProperties {
        allowedTargets = (allowedTargets != null) ? List.copyOf(allowedTargets) : List.of();
    }

    @Override
    public boolean supports(Class<?> type) {
        return ProbeProperties.class.equals(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        ProbeProperties properties = (ProbeProperties) target;
        for (int i = 0; i < properties.allowedTargets().size(); i++) {
            try {
                AllowedTarget.parse(properties.allowedTargets().get(i));
            }
            catch (IllegalArgumentException ex) {
                errors.rejectValue("allowed-targets[" + i + "]", "target",
                        "must be a network in CIDR notation (10.0.0.0/8) or host:port ([::1]:4442): " + ex.getMessage());
            }
        }
        if (properties.maxCount() < 1 || properties.maxCount() > COUNT_CAP) {
            errors.rejectValue("max-count", "range", "must be 1.." + COUNT_CAP);
        }
        if (properties.maxSize().toBytes() < 1 || properties.maxSize().toBytes() > SIZE_CAP) {
            errors.rejectValue("max-size", "range", "must be from 1B to " + SIZE_CAP + "B (the largest UDP datagram)");
        }
        if (properties.maxTimeout().compareTo(Duration.ofMillis(1)) < 0 || properties.maxTimeout().compareTo(TIMEOUT_CAP) > 0) {
            errors.rejectValue("max-timeout", "range", "must be from 1ms to 60s");
        }
        if (properties.maxConcurrent() < 1 || properties.maxConcurrent() > CONCURRENT_CAP) {
            errors.rejectValue("max-concurrent", "range", "must be 1.." + CONCURRENT_CAP);
        }
    }

    /** Whether any target is allowed: without one, the probe is off. */
    boolean enabled() {
        return !this.allowedTargets.isEmpty();
    }
}
