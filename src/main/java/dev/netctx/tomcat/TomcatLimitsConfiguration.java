package dev.netctx.tomcat;

import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The request-header deadline on the traffic connector ({@code server.port}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Tomcat.class)
@EnableConfigurationProperties(NetctxHttpProperties.class)
class TomcatLimitsConfiguration {

    @Bean
    ConnectorLimits connectorLimits(NetctxHttpProperties properties) {
        return new ConnectorLimits(properties);
    }
}
