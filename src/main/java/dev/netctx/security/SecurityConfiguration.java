package dev.netctx.security;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The HTTP security of netctx, on the traffic and the management port alike. Closing a context
 * ({@code DELETE /api/contexts/{id}}, {@code DELETE /actuator/netcontexts/{id}}) and probing
 * ({@code POST /api/probe}) need the configured credentials; reads are open ({@code netctx.security.read-access=anonymous}, the
 * default) or need them too ({@code authenticated}: only the health endpoint, the probes', stays
 * open, and shows no details). Credentials presented on a read authenticate it, with role
 * {@value #OPERATOR_ROLE}: that is what shows the details of {@code /actuator/health}; credentials
 * that are not accepted are refused with {@code 401} on any request, checked by
 * {@link ConfiguredCredentials} without a password encoder. Every answer carries
 * {@code Content-Security-Policy: default-src 'self'} and {@code Referrer-Policy: no-referrer};
 * a request for a host that is not {@linkplain HostAllowlist allowed} is refused with {@code 400}
 * by the firewall. Public so that {@code @WebMvcTest}s can import it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NetctxSecurityProperties.class)
public class SecurityConfiguration {

    /** The id of the actuator endpoint whose delete operation closes a context. */
    static final String CONTEXTS_ENDPOINT = "netcontexts";

    /**
     * The role of whoever presents the configured credentials (HTTP Basic or bearer token): the
     * {@code management.endpoint.health.roles} that may see health details.
     */
    public static final String OPERATOR_ROLE = "OPERATOR";

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'";

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain netctxSecurityFilterChain(HttpSecurity http, NetctxSecurityProperties properties,
            JsonMapper jsonMapper, ObjectProvider<MeterRegistry> meterRegistry) {
        List<GuardedRequest> guarded = List.of(
                new GuardedRequest(new OrRequestMatcher(
                        PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.DELETE, "/api/contexts/**"),
                        deletes(EndpointRequest.to(CONTEXTS_ENDPOINT))), "Closing a context",
                        NetctxSecurityProperties.HOW_TO_ENABLE),
                new GuardedRequest(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/api/probe"),
                        "Probing", NetctxSecurityProperties.HOW_TO_PROBE));
        RequestMatcher operations = new OrRequestMatcher(guarded.stream().map(GuardedRequest::matcher).toList());
        ProblemResponses problems = new ProblemResponses(properties, jsonMapper, guarded);
        AuthenticationFailures failures = new AuthenticationFailures(meterRegistry.getIfAvailable(SimpleMeterRegistry::new),
                properties.schemes());
        http.csrf(AbstractHttpConfigurer::disable)
            .sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .requestCache(AbstractHttpConfigurer::disable)
            .formLogin(AbstractHttpConfigurer::disable)
            .logout(AbstractHttpConfigurer::disable)
            .httpBasic(AbstractHttpConfigurer::disable)
            .headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
            .exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems))
            .addFilterBefore(new CredentialsFilter(properties, new ConfiguredCredentials(properties), failures, problems),
                    BasicAuthenticationFilter.class)
            .authorizeHttpRequests((requests) -> {
                boolean credentials = properties.closingEnabled();
                requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                if (credentials) {
                    requests.requestMatchers(operations).authenticated();
                }
                else {
                    requests.requestMatchers(operations).denyAll();
                }
                if (properties.readAccess() == ReadAccess.ANONYMOUS) {
                    requests.anyRequest().permitAll();
                    return;
                }
                requests.requestMatchers(EndpointRequest.to("health")).permitAll();
                if (credentials) {
                    requests.anyRequest().authenticated();
                }
                else {
                    requests.anyRequest().denyAll();
                }
            });
        return http.build();
    }

    /** The firewall of every request, with the host names the HTTP side answers to. */
    @Bean
    HttpFirewall netctxHttpFirewall(NetctxSecurityProperties properties) {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHostnames(new HostAllowlist(properties.allowedHosts()));
        return firewall;
    }

    /** What the firewall refuses, as a problem detail. */
    @Bean
    RequestRejectedHandler netctxRejectedRequests(JsonMapper jsonMapper) {
        return new RejectedRequests(jsonMapper);
    }

    /** An empty user store, which keeps Spring Boot from creating a user with a generated password. */
    @Bean
    InMemoryUserDetailsManager netctxUsers() {
        return new InMemoryUserDetailsManager();
    }

    private static RequestMatcher deletes(RequestMatcher matcher) {
        return (request) -> HttpMethod.DELETE.matches(request.getMethod()) && matcher.matches(request);
    }
}
