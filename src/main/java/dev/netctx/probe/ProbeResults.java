package dev.netctx.probe;

import java.util.List;

/**
 * The answer to a probe: one result per try, in order.
 * @param results the tries
 */
public record ProbeResults(List<ProbeResult> results) {
}
