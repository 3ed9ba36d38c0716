package dev.netctx.context;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Samples every context's and listener's byte counters once a second, on the scheduler's thread,
 * so that rates and throughput histories cost the data path nothing: {@code recv} and {@code send}
 * only add to counters they already kept.
 */
@Component
class ContextSampler {

    private final ContextRegistry registry;

    ContextSampler(ContextRegistry registry) {
        this.registry = registry;
    }

    @Scheduled(fixedRate = 1000)
    void sample() {
        this.registry.sample(System.nanoTime());
    }
}
