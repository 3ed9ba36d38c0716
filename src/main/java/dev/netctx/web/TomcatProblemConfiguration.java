package dev.netctx.web;

import org.apache.catalina.startup.Tomcat;
import tools.jackson.databind.json.JsonMapper;

import dev.netctx.api.ProblemResponseWriter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tomcat's own error reports (for requests it rejects before the application) as problem details. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Tomcat.class)
class TomcatProblemConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(JsonMapper jsonMapper) {
        ProblemResponseWriter writer = new ProblemResponseWriter(jsonMapper);
        return (factory) -> factory.addContextCustomizers((context) -> context.getParent().getPipeline()
            .addValve(new ProblemErrorReportValve(writer)));
    }
}
