package dev.netctx.web;

import java.util.List;

import dev.netctx.api.ContextProblems;
import dev.netctx.api.ContextQueryParameters;
import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextPage;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ListenerInfo;
import dev.netctx.context.ListenerStats;
import dev.netctx.context.ListenerThroughput;
import dev.netctx.security.NetctxSecurityProperties;

import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The REST API over the {@link ContextRegistry}: pages of open contexts (filtered, sorted, see
 * {@link ContextQueryParameters}), one context, closing one, the listeners' totals and recent
 * throughput, and whether closing is enabled.
 */
@RestController
@RequestMapping("/api")
class ContextsController {

    private final ContextRegistry registry;

    private final NetctxSecurityProperties security;

    ContextsController(ContextRegistry registry, NetctxSecurityProperties security) {
        this.registry = registry;
        this.security = security;
    }

    @GetMapping("/contexts")
    ContextPage contexts(@RequestParam MultiValueMap<String, String> parameters) {
        checkParameters(parameters);
        return this.registry.page(ContextQueryParameters.parse(parameters.toSingleValueMap()));
    }

    @GetMapping("/contexts/{id}")
    ContextInfo context(@PathVariable long id) {
        return this.registry.find(id).orElseThrow(() -> notFound(id));
    }

    /** Closes a session or client context: a TCP peer sees its connection end. Returns the final snapshot. */
    @DeleteMapping("/contexts/{id}")
    ContextInfo close(@PathVariable long id) {
        return this.registry.closeConnection(id).orElseThrow(() -> notFound(id));
    }

    @GetMapping("/listeners")
    List<ListenerInfo> listeners() {
        return this.registry.listeners().stream().map(ListenerStats::info).toList();
    }

    /** Each listener's throughput over the last minutes, one value a second, for the live page's charts. */
    @GetMapping("/throughput")
    List<ListenerThroughput> throughput() {
        return this.registry.throughput();
    }

    @GetMapping("/access")
    Access access() {
        return new Access(this.security.closingEnabled(), this.security.schemes(),
                this.security.closingEnabled() ? null : NetctxSecurityProperties.HOW_TO_ENABLE);
    }

    /** Each parameter a known one, given once: a typo must not silently list everything. */
    private static void checkParameters(MultiValueMap<String, String> parameters) {
        parameters.forEach((name, values) -> {
            if (!ContextQueryParameters.NAMES.contains(name)) {
                throw badRequest("Unknown parameter '" + name + "': the parameters are "
                        + String.join(", ", ContextQueryParameters.NAMES));
            }
            if (values.size() > 1) {
                throw badRequest("Parameter '" + name + "' given " + values.size() + " times: give each parameter once");
            }
        });
    }

    private static ErrorResponseException badRequest(String detail) {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, ContextProblems.badRequest(detail), null);
    }

    private static ErrorResponseException notFound(long id) {
        return new ErrorResponseException(HttpStatus.NOT_FOUND, ContextProblems.notFound(id), null);
    }

    /**
     * Whether contexts may be closed, and how to authenticate.
     * @param closeEnabled whether credentials are configured
     * @param schemes the accepted schemes: {@code basic}, {@code bearer}
     * @param reason why closing is disabled, and how to enable it; {@code null} when enabled
     */
    record Access(boolean closeEnabled, List<String> schemes, String reason) {
    }
}
