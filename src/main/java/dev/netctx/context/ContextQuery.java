package dev.netctx.context;

import dev.netctx.net.NetProtocol;
import org.jspecify.annotations.Nullable;

/**
 * One page of the open contexts that match some filters, in some order. A {@code null} filter
 * matches every context.
 * @param listener only the contexts of this listener (or client name)
 * @param protocol only those of this transport
 * @param role only those of this role
 * @param state only those in this state
 * @param remote only those whose peer is in this range
 * @param sort the order, ties broken by increasing id
 * @param descending whether {@code sort} is descending
 * @param page the page, from 0
 * @param size the contexts per page, at least 1
 */
public record ContextQuery(@Nullable String listener, @Nullable NetProtocol protocol, @Nullable ContextRole role,
        @Nullable ContextState state, @Nullable PeerFilter remote, ContextSortKey sort, boolean descending, int page, int size) {

    /** The first page of {@value #DEFAULT_SIZE} of all contexts by increasing id. */
    public static final ContextQuery DEFAULT = new ContextQuery(null, null, null, null, null, ContextSortKey.ID, false, 0,
            ContextQuery.DEFAULT_SIZE);

    /** The page size when none is given. */
    public static final int DEFAULT_SIZE = 50;

    /** The largest page size. */
    public static final int MAX_SIZE = 1000;

    public ContextQuery {
        if (page < 0 || size < 1 || size > MAX_SIZE || sort == null) {
            throw new IllegalArgumentException("page " + page + " of size " + size + " sorted by " + sort);
        }
    }

    /** The index of the first context of the page in the whole ordered result. */
    long offset() {
        return (long) this.page * this.size;
    }

    boolean matches(TrackedContext context) {
        return (this.listener == null || this.listener.equals(context.name()))
                && (this.protocol == null || this.protocol == context.protocol())
                && (this.role == null || this.role == context.role())
                && (this.state == null || this.state == context.state())
                && (this.remote == null || this.remote.matches(context.remoteAddress()));
    }
}
