package dev.netctx.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The valid name nearest to a misspelt one, by edit (Levenshtein) distance, if it is near enough to be meant. */
final class NearestName {

    private NearestName() {
    }

    /**
     * The name of {@code candidates} that takes the fewest single-character edits to reach from
     * {@code misspelt}, if that is at most a sixth of its length (and at least 2).
     */
    static Optional<String> of(String misspelt, Collection<String> candidates) {
        int limit = Math.max(2, misspelt.length() / 6);
        return candidates.stream()
            .map(candidate -> new Scored(candidate, distance(misspelt, candidate)))
            .filter(scored -> scored.distance() <= limit)
            .min(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
            .map(Scored::name);
    }

    /** The Levenshtein distance: the fewest insertions, deletions and substitutions from {@code a} to {@code b}. */
    static int distance(CharSequence a, CharSequence b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private record Scored(String name, int distance) {
    }
}
