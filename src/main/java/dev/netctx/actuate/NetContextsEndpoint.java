package dev.netctx.actuate;

import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextNotClosableException;
import dev.netctx.context.ContextRegistry;
import dev.netctx.web.ContextProblems;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.util.NumberUtils;

/**
 * The {@code netcontexts} actuator endpoint: {@code GET /actuator/netcontexts} lists the open
 * contexts, {@code GET /actuator/netcontexts/{id}} shows one, {@code DELETE} closes a session or
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
    Contexts contexts() {
        return new Contexts(this.registry.contexts());
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

    /**
     * The open contexts, by increasing id.
     * @param contexts their snapshots
     */
    record Contexts(List<ContextInfo> contexts) {
    }
}
