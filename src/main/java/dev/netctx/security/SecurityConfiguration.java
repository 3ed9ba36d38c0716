package dev.netctx.security;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The HTTP security of netctx: every read is open, closing a context ({@code DELETE
 * /api/contexts/{id}}, {@code DELETE /actuator/netcontexts/{id}}) needs the configured credentials.
 * Credentials presented on a read authenticate it too, with role {@value #OPERATOR_ROLE}: that is
 * what shows the details of {@code /actuator/health} (application.yml); credentials that are not
 * accepted are refused with {@code 401} on any request, a read too. Public so that
 * {@code @WebMvcTest}s can import it.
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

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain netctxSecurityFilterChain(HttpSecurity http, NetctxSecurityProperties properties,
            JsonMapper jsonMapper) {
        RequestMatcher closing = new OrRequestMatcher(
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.DELETE, "/api/contexts/**"),
                deletes(EndpointRequest.to(CONTEXTS_ENDPOINT)));
        ProblemResponses problems = new ProblemResponses(properties, jsonMapper, closing);
        http.csrf(AbstractHttpConfigurer::disable)
            .sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .requestCache(AbstractHttpConfigurer::disable)
            .formLogin(AbstractHttpConfigurer::disable)
            .logout(AbstractHttpConfigurer::disable)
            .exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems))
            .authorizeHttpRequests((requests) -> {
                var closingRequests = requests.requestMatchers(closing);
                if (properties.closingEnabled()) {
                    closingRequests.authenticated();
                }
                else {
                    closingRequests.denyAll();
                }
                requests.anyRequest().permitAll();
            });
        if (properties.basicEnabled()) {
            http.httpBasic((basic) -> basic.realmName("netctx").authenticationEntryPoint(problems));
        }
        else {
            http.httpBasic(AbstractHttpConfigurer::disable);
        }
        if (properties.tokenEnabled()) {
            http.addFilterBefore(new BearerTokenFilter(properties.token(), problems), BasicAuthenticationFilter.class);
        }
        return http.build();
    }

    /**
     * The HTTP Basic user, if one is configured; an empty store otherwise (which also keeps Spring
     * Boot from creating a user with a generated password).
     */
    @Bean
    InMemoryUserDetailsManager netctxUsers(NetctxSecurityProperties properties) {
        if (!properties.basicEnabled()) {
            return new InMemoryUserDetailsManager();
        }
        String password = properties.password().matches("^\\{[^}]*}.*") ? properties.password()
                : "{noop}" + properties.password();
        return new InMemoryUserDetailsManager(
                User.withUsername(properties.username()).password(password).roles(OPERATOR_ROLE).build());
    }

    private static RequestMatcher deletes(RequestMatcher matcher) {
        return (request) -> HttpMethod.DELETE.matches(request.getMethod()) && matcher.matches(request);
    }
}
