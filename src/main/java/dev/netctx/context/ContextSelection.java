package dev.netctx.context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.PriorityQueue;

/**
 * Selects one page of a {@link ContextQuery} from the registry's contexts in one pass, without
 * copying the registry: by id it walks the map in its own order and keeps only the page; by any
 * other key it keeps the best {@code (page + 1) * size} in a bounded heap, so a first page of 50
 * out of 10,000 costs 50 heap entries and snapshots of only the 50 contexts shown.
 */
final class ContextSelection {

    private ContextSelection() {
    }

    static ContextPage select(NavigableMap<Long, TrackedContext> contexts, ContextQuery query) {
        return (query.sort() == ContextSortKey.ID) ? byId(contexts, query) : byKey(contexts.values(), query);
    }

    private static ContextPage byId(NavigableMap<Long, TrackedContext> contexts, ContextQuery query) {
        Iterable<TrackedContext> ordered = query.descending() ? contexts.descendingMap().values() : contexts.values();
        long offset = query.offset();
        List<ContextInfo> content = new ArrayList<>(query.size());
        long matched = 0;
        for (TrackedContext context : ordered) {
            if (query.matches(context)) {
                if (matched >= offset && content.size() < query.size()) {
                    content.add(context.info());
                }
                matched++;
            }
        }
        return ContextPage.of(content, query, matched);
    }

    private static ContextPage byKey(Iterable<TrackedContext> contexts, ContextQuery query) {
        Comparator<Candidate> order = Comparator.comparingLong(Candidate::key);
        order = (query.descending() ? order.reversed() : order).thenComparingLong(Candidate::id);
        // the heap's head is the worst candidate kept, the one a better context displaces
        long wanted = query.offset() + query.size();
        PriorityQueue<Candidate> best = new PriorityQueue<>(order.reversed());
        long matched = 0;
        for (TrackedContext context : contexts) {
            if (!query.matches(context)) {
                continue;
            }
            matched++;
            long key = query.sort().keyOf(context);
            if (best.size() < wanted) {
                best.add(new Candidate(key, context.id(), context));
            }
            else if (better(key, context.id(), best.peek(), query.descending())) {
                best.poll();
                best.add(new Candidate(key, context.id(), context));
            }
        }
        Candidate[] sorted = best.toArray(new Candidate[0]);
        Arrays.sort(sorted, order);
        List<ContextInfo> content = new ArrayList<>(query.size());
        for (long i = query.offset(); i < sorted.length; i++) {
            content.add(sorted[(int) i].context().info());
        }
        return ContextPage.of(content, query, matched);
    }

    /** Whether (key, id) comes before {@code worst} in the query's order (checked before allocating a candidate). */
    private static boolean better(long key, long id, Candidate worst, boolean descending) {
        if (key != worst.key()) {
            return descending ? key > worst.key() : key < worst.key();
        }
        return id < worst.id();
    }

    /** A context with its sort key read once: the live counters may move while the heap holds it. */
    private record Candidate(long key, long id, TrackedContext context) {
    }
}
