/**
 * The load generator: drives an echo server (netctx or a reference server) over loopback with
 * verified traffic and prints throughput, latency, loss and memory figures. JDK-only apart from
 * HdrHistogram for latency percentiles and {@code dev.netctx.footprint.ProcessStatus} for the
 * server's memory; run as {@code java -jar netctx.jar bench MODE [options]}. The inspection mode
 * ({@link dev.netctx.bench.InspectBenchmark}, {@code bench inspect}) also reads the REST API's JSON
 * (Jackson, as the service does) and drives headless Chromium over its DevTools protocol.
 */
@NullMarked
package dev.netctx.bench;

import org.jspecify.annotations.NullMarked;
