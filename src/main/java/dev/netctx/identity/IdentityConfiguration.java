package dev.netctx.identity;

import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@link HostIdentity} bean, and its {@code host} section of {@code /actuator/info} (next to
 * Spring Boot's {@code build} and {@code git} sections, from {@code META-INF/build-info.properties}
 * and {@code git.properties}).
 */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

    @Bean
    HostIdentity hostIdentity(Environment environment) {
        return HostIdentity.of(environment);
    }

    @Bean
    InfoContributor hostInfoContributor(HostIdentity host) {
        return (builder) -> builder.withDetail("host", host.toMap());
    }
}
