package dev.netctx.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Failed authentication attempts: counted in {@code netctx.auth.failures} (tag {@code scheme},
 * {@code basic} or {@code bearer}; never the user or the address, which an attacker chooses), and
 * logged at most once a minute with how many failed since the last line.
 */
final class AuthenticationFailures {

    private static final Log logger = LogFactory.getLog(AuthenticationFailures.class);

    static final String METER = "netctx.auth.failures";

    private static final long LOG_PERIOD_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final MeterRegistry registry;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    private final LongAdder unlogged = new LongAdder();

    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_PERIOD_NANOS);

    AuthenticationFailures(MeterRegistry registry, Iterable<String> schemes) {
        this.registry = registry;
        schemes.forEach(this::counter);
    }

    void failed(String scheme) {
        counter(scheme).increment();
        this.unlogged.increment();
        long now = System.nanoTime();
        long last = this.lastLogged.get();
        if (now - last >= LOG_PERIOD_NANOS && this.lastLogged.compareAndSet(last, now)) {
            long count = this.unlogged.sumThenReset();
            logger.warn(count + " failed authentication attempt(s) since the last such line (latest scheme: " + scheme
                    + "); counted in " + METER + ", logged at most once a minute");
        }
    }

    private Counter counter(String scheme) {
        return this.counters.computeIfAbsent(scheme, (name) -> Counter.builder(METER)
            .description("Requests whose credentials were not accepted")
            .tag("scheme", name)
            .register(this.registry));
    }
}
