package dev.netctx.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The options of one benchmark run, parsed from {@code --name value} or {@code --name=value}
 * arguments. Every count and time is bounded: a run never waits longer than
 * {@code warmup + duration + timeout}.
 *
 * @param host server host (loopback)
 * @param port server port
 * @param connections TCP connections (tcp mode) or connections to hold (connections mode)
 * @param inFlight messages in flight on each TCP connection
 * @param size bytes of every message or datagram
 * @param peers UDP peers, each with its own socket
 * @param window datagrams in flight per UDP peer
 * @param rate connections opened per second (connections mode)
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

    private static final Set<String> NAMES = Set.of("host", "port", "connections", "in-flight", "size",
            "peers", "window", "rate", "warmup", "duration", "timeout", "hold", "threads", "server-pid",
            "seed");

    /** Parses the options of {@code mode}; the mode's defaults apply to what is not given. */
    static BenchOptions parse(String mode, String[] args) {
        Map<String, String> values = new HashMap<>(defaults(mode));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String name = arg.substring(2, eq < 0 ? arg.length() : eq);
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (eq < 0 && i + 1 >= args.length) {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
            values.put(name, eq < 0 ? args[++i] : arg.substring(eq + 1));
        }
        return new BenchOptions(values.get("host"), intOf(values, "port", 1, 65535),
                intOf(values, "connections", 1, 1_000_000), intOf(values, "in-flight", 1, 65536),
                intOf(values, "size", Payloads.HEADER, 1 << 20), intOf(values, "peers", 1, 10_000),
                intOf(values, "window", 1, 65536), intOf(values, "rate", 1, 1_000_000),
                durationOf(values, "warmup"), durationOf(values, "duration"), durationOf(values, "timeout"),
                durationOf(values, "hold"), intOf(values, "threads", 1, 64),
                Long.parseLong(values.get("server-pid")), Long.parseLong(values.get("seed")));
    }

    private static Map<String, String> defaults(String mode) {
        Map<String, String> d = new HashMap<>(Map.ofEntries(Map.entry("host", "127.0.0.1"),
                Map.entry("port", "4442"), Map.entry("connections", "64"), Map.entry("in-flight", "16"),
                Map.entry("size", "1024"), Map.entry("peers", "16"), Map.entry("window", "8"),
                Map.entry("rate", "1000"), Map.entry("warmup", "2s"), Map.entry("duration", "5s"),
                Map.entry("timeout", "10s"), Map.entry("hold", "1s"), Map.entry("threads", "1"),
                Map.entry("server-pid", "0"), Map.entry("seed", "42")));
        switch (mode) {
            case "ping-pong" -> {
                d.put("connections", "1");
                d.put("in-flight", "1");
                d.put("size", "64");
            }
            case "udp" -> d.put("size", "512");
            case "connections" -> {
                d.put("connections", "10000");
                d.put("size", "64");
            }
            default -> { }
        }
        return d;
    }

    private static int intOf(Map<String, String> values, String name, int min, int max) {
        String text = values.get(name);
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        }
        catch (NumberFormatException ex) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be an integer in " + min + ".." + max
                + ", was '" + text + "'");
    }

    private static Duration durationOf(Map<String, String> values, String name) {
        String text = values.get(name);
        try {
            Duration d = text.endsWith("ms")
                    ? Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)))
                    : Duration.ofMillis(Math.round(Double.parseDouble(text.replaceFirst("s$", "")) * 1000));
            if (!d.isNegative() && d.compareTo(Duration.ofHours(1)) <= 0) {
                return d;
            }
        }
        catch (NumberFormatException ex) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a duration such as 5s or 500ms (at most 1h), was '"
                + text + "'");
    }
}
