package dev.netctx.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The check of the {@code netctx.*} property names. */
@Configuration(proxyBeanMethods = false)
public class ConfigurationCheckConfiguration {

    /** Static, as a bean factory post-processor must be, so that it runs before any other bean is created. */
    @Bean
    static UnknownPropertiesCheck unknownPropertiesCheck() {
        return new UnknownPropertiesCheck();
    }
}
