package dev.netctx.context;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs {@link ContextSampler} on Spring's auto-configured task scheduler. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SamplingConfiguration {
}
