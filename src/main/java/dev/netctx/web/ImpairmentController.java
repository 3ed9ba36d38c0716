package dev.netctx.web;

import java.util.Map;

import dev.netctx.api.ContextProblems;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ListenerStats;
import dev.netctx.impair.Impairment;
import dev.netctx.impair.ImpairmentInfo;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A listener's impairment at run time: read it, change it ({@code PUT}, an {@link ImpairmentRequest}
 * body) or clear it ({@code DELETE}); a change applies at once to its running sessions and new ones,
 * until the service restarts. Changing needs the same credentials as closing a context.
 */
@RestController
@RequestMapping("/api/listeners/{name}/impairment")
class ImpairmentController {

    private final ContextRegistry registry;

    ImpairmentController(ContextRegistry registry) {
        this.registry = registry;
    }

    @GetMapping
    ImpairmentInfo impairment(@PathVariable String name) {
        return listener(name).impairment().info();
    }

    @PutMapping
    ImpairmentInfo change(@PathVariable String name, @RequestBody Map<String, Object> body) {
        ListenerStats listener = listener(name);
        Impairment impairment;
        try {
            impairment = ImpairmentRequest.parse(body, listener.protocol());
        }
        catch (IllegalArgumentException ex) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, ContextProblems.badRequest(ex.getMessage()), null);
        }
        try {
            listener.impairment().set(impairment);
        }
        catch (IllegalStateException ex) {
            throw new ErrorResponseException(HttpStatus.CONFLICT,
                    ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage()), null);
        }
        return listener.impairment().info();
    }

    @DeleteMapping
    ImpairmentInfo clear(@PathVariable String name) {
        ListenerStats listener = listener(name);
        listener.impairment().set(Impairment.NONE);
        return listener.impairment().info();
    }

    private ListenerStats listener(String name) {
        return this.registry.listener(name).orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No listener is named '" + name + "'"), null));
    }
}
