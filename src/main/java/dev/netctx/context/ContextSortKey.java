package dev.netctx.context;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.ToLongFunction;

/** What {@code GET /api/contexts} can sort by; ties are always broken by increasing id. */
public enum ContextSortKey {

    /** The registry's id: the order contexts were opened in. */
    ID("id", TrackedContext::id),
    /** Bytes received so far. */
    BYTES_RECEIVED("bytesReceived", TrackedContext::bytesReceived),
    /** Bytes sent so far. */
    BYTES_SENT("bytesSent", TrackedContext::bytesSent),
    /** Bytes per second, received plus sent, over the last few seconds. */
    RATE("rate", (context) -> context.rateIn() + context.rateOut()),
    /** When the context was opened. */
    OPENED_AT("openedAt", TrackedContext::openedNanos),
    /** When bytes last moved. */
    LAST_ACTIVITY_AT("lastActivityAt", TrackedContext::lastActivityNanos);

    private final String property;

    private final ToLongFunction<TrackedContext> value;

    ContextSortKey(String property, ToLongFunction<TrackedContext> value) {
        this.property = property;
        this.value = value;
    }

    /** The name used in {@code sort=}, that of the {@link ContextInfo} property. */
    public String property() {
        return this.property;
    }

    /** The key with the given {@linkplain #property() property name} (exact case), if any. */
    public static Optional<ContextSortKey> fromProperty(String property) {
        return Arrays.stream(values()).filter((key) -> key.property.equals(property)).findFirst();
    }

    /** The context's value of this key, now. */
    long keyOf(TrackedContext context) {
        return this.value.applyAsLong(context);
    }
}
