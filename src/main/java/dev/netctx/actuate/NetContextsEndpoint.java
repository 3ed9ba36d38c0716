package dev.netctx.actuate;

import java.util.List;

import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextNotClosableException;
import dev.netctx.context.ContextRegistry;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * The {@code netcontexts} actuator endpoint: {@code GET /actuator/netcontexts} lists the open
 * contexts, {@code GET /actuator/netcontexts/{id}} shows one, {@code DELETE} closes a session or
 * client ({@code 404} for an unknown id, {@code 409} for a listener). The same data as
 * {@code /api/contexts}, for tools that speak actuator.
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
    ContextInfo context(@Selector long id) {
        return this.registry.find(id).orElse(null);
    }

    @DeleteOperation
    WebEndpointResponse<Object> close(@Selector long id) {
        try {
            return this.registry.closeConnection(id).<WebEndpointResponse<Object>>map(WebEndpointResponse::new)
                .orElseGet(() -> new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND));
        }
        catch (ContextNotClosableException ex) {
            return new WebEndpointResponse<>(ex.getMessage(), 409);
        }
    }

    /**
     * The open contexts, by increasing id.
     * @param contexts their snapshots
     */
    record Contexts(List<ContextInfo> contexts) {
    }
}
