package dev.netctx.context;

/**
 * A listener's recent throughput, for a chart: one value per interval, oldest first, the last one
 * the most recent complete interval. At most five minutes.
 * @param listener the listener's name
 * @param intervalSeconds the seconds each value covers
 * @param in bytes received per second by its sessions, per interval
 * @param out bytes sent per second by its sessions, per interval
 */
public record ListenerThroughput(String listener, int intervalSeconds, long[] in, long[] out) {
}
