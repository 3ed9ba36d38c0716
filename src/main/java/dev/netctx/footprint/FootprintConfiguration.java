package dev.netctx.footprint;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The footprint's beans. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MemoryProperties.class)
class FootprintConfiguration {

    @Bean
    @ConditionalOnBooleanProperty(name = "netctx.memory.release-after-startup", matchIfMissing = true)
    StartupMemoryRelease startupMemoryRelease() {
        return new StartupMemoryRelease();
    }
}
