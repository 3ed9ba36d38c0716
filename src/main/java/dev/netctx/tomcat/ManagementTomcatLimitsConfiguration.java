package dev.netctx.tomcat;

import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The request-header deadline on the management connector, when actuator has a port of its own.
 * Imported into the management child context (META-INF/spring/...ManagementContextConfiguration.imports);
 * not a {@code @Configuration}, so that component scanning leaves it out of the main context.
 */
@ConditionalOnClass(Tomcat.class)
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
class ManagementTomcatLimitsConfiguration {

    @Bean
    ConnectorLimits managementConnectorLimits(NetctxHttpProperties properties) {
        return new ConnectorLimits(properties);
    }
}
