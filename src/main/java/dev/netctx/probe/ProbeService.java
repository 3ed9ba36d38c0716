package dev.netctx.probe;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;

import dev.netctx.context.NetContextFactory;
import dev.netctx.net.Addresses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs probes: at most {@code netctx.probe.max-concurrent} at once, each only to a target whose every
 * address {@code netctx.probe.allowed-targets} allows, its tries one after the other. Each try is
 * counted in {@code netctx.probe.tries} (tags {@code protocol}, {@code outcome}); each probe is logged
 * in one line (probes need the operator's credentials, so their log cannot be flooded anonymously).
 */
public final class ProbeService {

    private static final Log logger = LogFactory.getLog(ProbeService.class);

    /** What a probe is told while {@code netctx.probe.allowed-targets} is empty. */
    static final String PROBE_OFF = "Probing is off: netctx.probe.allowed-targets is empty. List the networks "
            + "(CIDR, such as 10.0.0.0/8) or host:port targets that probes may dial, and restart";

    private final ProbeProperties properties;

    private final ProbeTargets targets;

    private final EchoTry echoTry;

    private final Semaphore running;

    private final MeterRegistry meters;

    ProbeService(ProbeProperties properties, NetContextFactory factory, MeterRegistry meters) {
        this.properties = properties;
        this.targets = new ProbeTargets(properties.allowedTargets());
        this.echoTry = new EchoTry(factory);
        this.running = new Semaphore(properties.maxConcurrent());
        this.meters = meters;
    }

    /** The limits a request is checked against ({@link ProbeRequest#parse}). */
    public ProbeProperties limits() {
        return this.properties;
    }

    /**
     * Runs {@code request}'s tries and returns their results.
     * @throws ProbeException {@code FORBIDDEN} while the probe is off or for a target that is not
     * allowed, {@code BUSY} while {@code max-concurrent} probes run, {@code BAD_REQUEST} for a host
     * that does not resolve
     */
    public ProbeResults probe(ProbeRequest request) {
        if (!this.targets.enabled()) {
            throw new ProbeException(ProbeException.Kind.FORBIDDEN, PROBE_OFF);
        }
        if (!this.running.tryAcquire()) {
            throw new ProbeException(ProbeException.Kind.BUSY, this.properties.maxConcurrent()
                    + " probe(s) are running (netctx.probe.max-concurrent): try again when one has finished");
        }
        try {
            InetAddress address = this.targets.resolve(request.host(), request.port());
            List<ProbeResult> results = new ArrayList<>(request.count());
            for (int i = 0; i < request.count(); i++) {
                ProbeResult result = this.echoTry.run(request.protocol(), address, request.port(), request.size(),
                        request.timeout().toMillis());
                counter(request, result.outcome()).increment();
                results.add(result);
            }
            log(request, address, results);
            return new ProbeResults(List.copyOf(results));
        }
        finally {
            this.running.release();
        }
    }

    private Counter counter(ProbeRequest request, String outcome) {
        return Counter.builder("netctx.probe.tries").description("Tries of probes sent from this replica, by outcome")
            .tag("protocol", request.protocol().id()).tag("outcome", outcome).register(this.meters);
    }

    private static void log(ProbeRequest request, InetAddress address, List<ProbeResult> results) {
        if (logger.isInfoEnabled()) {
            Map<String, Integer> outcomes = new TreeMap<>();
            results.forEach((result) -> outcomes.merge(result.outcome(), 1, Integer::sum));
            logger.info("Probed " + request.protocol().id() + " " + request.host() + " ("
                    + Addresses.format(Addresses.host(address), request.port()) + "): " + request.count() + " x "
                    + request.size() + " B, timeout " + request.timeout().toMillis() + " ms: " + outcomes);
        }
    }
}
