package dev.netctx.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import dev.netctx.testing.CommandRun;

/** The {@code RESULT key=value ...} line of a bench run, as a map. */
final class BenchResult {

    private BenchResult() {
    }

    /** The run's RESULT line as a map (a later key of the same name wins, as in the parser). */
    static Map<String, String> of(CommandRun run) {
        String line = run.outLines().stream()
            .filter(l -> l.startsWith("RESULT "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no RESULT line in: " + run.out() + run.err()));
        Map<String, String> result = new HashMap<>();
        Arrays.stream(line.substring("RESULT ".length()).split(" "))
            .map(pair -> pair.split("=", 2))
            .forEach(pair -> result.put(pair[0], pair[1]));
        return result;
    }
}
