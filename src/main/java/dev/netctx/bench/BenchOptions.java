package dev.netctx.bench;

import java.time.Duration;

/**
 * The settings of one benchmark run, as its mode's command read them ({@link BenchMode}); a setting
 * the mode does not use is 0. Every count and time is bounded: a run never waits longer than
 * {@code warmup + duration + timeout} (plus {@code hold} in the connections mode).
 *
 * @param host server host (loopback)
 * @param port server port
 * @param connections TCP connections (tcp modes) or connections to hold (connections mode)
 * @param inFlight messages in flight on each TCP connection (open-loop: at most)
 * @param size bytes of every message or datagram
 * @param peers UDP peers, each with its own socket
 * @param window datagrams in flight per UDP peer (open-loop: at most)
 * @param rate connections opened per second (connections mode); messages sent per second over all
 * connections or datagrams over all peers (tcp modes, udp; 0: closed-loop)
 * @param warmup traffic before measuring
 * @param duration measured traffic
 * @param timeout how long a reply, a connect or the final drain may take
 * @param hold how long the connections are held before the server's memory is read
 * @param threads client I/O threads
 * @param serverPid the server's process id, for its RSS (0 = not read)
 * @param seed seed of the random payloads
 */
record BenchOptions(String host, int port, int connections, int inFlight, int size, int peers,
        int window, int rate, Duration warmup, Duration duration, Duration timeout, Duration hold,
        int threads, long serverPid, long seed) {
}
