package dev.netctx.actuate;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextNotClosableException;
import dev.netctx.context.ContextRegistry;
import dev.netctx.api.ContextProblems;
import dev.netctx.api.ContextQueryParameters;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.util.NumberUtils;
import org.springframework.web.ErrorResponseException;

/**
 * The {@code netcontexts} actuator endpoint: {@code GET /actuator/netcontexts} answers a page of
 * the open contexts with the parameters of {@code /api/contexts} ({@link ContextQueryParameters}:
 * {@code page}, {@code size}, {@code sort} and the filters), {@code GET /actuator/netcontexts/{id}} shows one, {@code DELETE} closes a session or
 * client. The same data as {@code /api/contexts}, for tools that speak actuator, and the same RFC
 * 9457 problem details ({@link ContextProblems}) for the same errors: {@code 400} for an id that is
 * not a whole number, {@code 404} for an unknown id, {@code 409} for a listener.
 */
@WebEndpoint(id = "netcontexts")
class NetContextsEndpoint {

    private final ContextRegistry registry;

    NetContextsEndpoint(ContextRegistry registry) {
        this.registry = registry;
    }

    @ReadOperation
    WebEndpointResponse<Object> contexts(@Nullable String page, @Nullable String size, @Nullable String sort,
            @Nullable String listener, @Nullable String protocol, @Nullable String role, @Nullable String state,
            @Nullable String remote) {
        Map<String, String> parameters = new HashMap<>();
        putIfGiven(parameters, "page", page);
        putIfGiven(parameters, "size", size);
        putIfGiven(parameters, "sort", sort);
        putIfGiven(parameters, "listener", listener);
        putIfGiven(parameters, "protocol", protocol);
        putIfGiven(parameters, "role", role);
        putIfGiven(parameters, "state", state);
        putIfGiven(parameters, "remote", remote);
        try {
            return new WebEndpointResponse<>(this.registry.page(ContextQueryParameters.parse(parameters)));
        }
        catch (ErrorResponseException ex) {
            return problem(ex.getBody());
        }
    }

    @ReadOperation
    WebEndpointResponse<Object> context(@Selector String id) {
        return withId(id, this.registry::find);
    }

    @DeleteOperation
    WebEndpointResponse<Object> close(@Selector String id) {
        try {
            return withId(id, this.registry::closeConnection);
        }
        catch (ContextNotClosableException ex) {
            return problem(ContextProblems.notClosable(ex));
        }
    }

    /**
     * The context that {@code operation} returns for the id, or the problem with the id. The id is
     * a selector of type {@code String}, converted here as Spring MVC converts the {@code long} of
     * {@code /api/contexts/{id}}, so that a malformed one gets the API's {@code 400} problem rather
     * than the actuator's own.
     */
    private static WebEndpointResponse<Object> withId(String id, LongFunction<Optional<ContextInfo>> operation) {
        long value;
        try {
            value = NumberUtils.parseNumber(id, Long.class);
        }
        catch (IllegalArgumentException ex) {
            return problem(ContextProblems.invalid("id", id, long.class));
        }
        return operation.apply(value).<WebEndpointResponse<Object>>map(WebEndpointResponse::new)
            .orElseGet(() -> problem(ContextProblems.notFound(value)));
    }

    /** A problem detail with its status, as {@code application/problem+json} (the actuator's JSON types do not say it is one). */
    private static WebEndpointResponse<Object> problem(ProblemDetail problem) {
        return new WebEndpointResponse<>(problem, problem.getStatus(), MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static void putIfGiven(Map<String, String> parameters, String name, @Nullable String value) {
        if (value != null) {
            parameters.put(name, value);
        }
    }
}
