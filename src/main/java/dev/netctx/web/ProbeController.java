package dev.netctx.web;

import java.util.Map;

import dev.netctx.probe.ProbeException;
import dev.netctx.probe.ProbeRequest;
import dev.netctx.probe.ProbeResults;
import dev.netctx.probe.ProbeService;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/probe}: verified echoes from this replica to an allowed target (see
 * {@link ProbeService}). It needs the credentials that close contexts; a probe that cannot run is
 * answered with a problem detail saying why.
 */
@RestController
@RequestMapping("/api")
class ProbeController {

    private final ProbeService probes;

    ProbeController(ProbeService probes) {
        this.probes = probes;
    }

    @PostMapping("/probe")
    ProbeResults probe(@RequestBody Map<String, Object> body) {
        return this.probes.probe(ProbeRequest.parse(body, this.probes.limits()));
    }

    @ExceptionHandler
    ProblemDetail cannotProbe(ProbeException ex) {
        HttpStatus status = switch (ex.kind()) {
            case BAD_REQUEST -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case BUSY -> HttpStatus.TOO_MANY_REQUESTS;
        };
        return ProblemDetail.forStatusAndDetail(status, ex.getMessage());
    }
}
