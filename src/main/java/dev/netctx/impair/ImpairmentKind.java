package dev.netctx.impair;

import dev.netctx.net.NetProtocol;
import org.jspecify.annotations.Nullable;

/** What an {@link Impairment} did to the traffic of a session, as counted in {@code netctx.impaired{kind}}. */
public enum ImpairmentKind {

    /** A read (TCP) or datagram (UDP) was held back for {@code delay} plus or minus {@code jitter}. */
    DELAY("delay", null),
    /** A datagram was not answered ({@code drop}). */
    DROP("drop", NetProtocol.UDP),
    /** A datagram was answered twice ({@code duplicate}). */
    DUPLICATE("duplicate", NetProtocol.UDP),
    /** A datagram was held back until after the peer's next one ({@code reorder}). */
    REORDER("reorder", NetProtocol.UDP),
    /** An echo waited for the session's {@code bandwidth} (TCP), or a datagram beyond it was not answered (UDP). */
    BANDWIDTH("bandwidth", null),
    /** A connection was reset after {@code reset-after} bytes. */
    RESET("reset", NetProtocol.TCP);

    private final String tag;

    private final @Nullable NetProtocol only;

    ImpairmentKind(String tag, @Nullable NetProtocol only) {
        this.tag = tag;
        this.only = only;
    }

    /** The kind as metric tags and reports show it, e.g. {@code drop}. */
    public String tag() {
        return this.tag;
    }

    /** Whether a listener of {@code protocol} can do this. */
    public boolean appliesTo(NetProtocol protocol) {
        return this.only == null || this.only == protocol;
    }
}
