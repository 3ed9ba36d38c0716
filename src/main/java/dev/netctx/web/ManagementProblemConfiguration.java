package dev.netctx.web;

import java.util.Set;

import org.apache.catalina.startup.Tomcat;
import tools.jackson.databind.json.JsonMapper;

import dev.netctx.api.ProblemResponseWriter;

import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Errors of the management port as problem details too, when actuator has a port of its own: its
 * error page (Boot's plain JSON of the management context) is removed, so that Tomcat's report, the
 * {@link ProblemErrorReportValve}, answers what the container and the security firewall reject.
 * Imported into the management child context (META-INF/spring/...ManagementContextConfiguration.imports);
 * not a {@code @Configuration}, so that component scanning leaves it out of the main context.
 */
@ConditionalOnClass(Tomcat.class)
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
class ManagementProblemConfiguration {

    @Bean
    ProblemReportsOnly managementProblemErrorReports(JsonMapper jsonMapper) {
        return new ProblemReportsOnly(new ProblemResponseWriter(jsonMapper));
    }

    /** Runs after Boot's customizer that adds the management context's error page. */
    static final class ProblemReportsOnly implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        private final ProblemResponseWriter writer;

        ProblemReportsOnly(ProblemResponseWriter writer) {
            this.writer = writer;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.setErrorPages(Set.of());
            factory.addContextCustomizers((context) -> context.getParent().getPipeline()
                .addValve(new ProblemErrorReportValve(this.writer)));
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
