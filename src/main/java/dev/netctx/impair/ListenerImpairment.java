package dev.netctx.impair;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.netctx.net.NetProtocol;
import org.jspecify.annotations.Nullable;

/**
 * The impairment of one listener now, and what it did so far. Set from the configuration when the
 * listener starts and changed at run time from any thread; the sessions read {@link #current()} on
 * each event (one volatile read), so a change applies to running sessions as well as new ones.
 */
public final class ListenerImpairment {

    private final NetProtocol protocol;

    private final Map<ImpairmentKind, LongAdder> counts;

    private volatile Impairment current = Impairment.NONE;

    /** Why this listener cannot be impaired (it runs TLS or DTLS), or {@code null} if it can. */
    private volatile @Nullable String unsupported;

    public ListenerImpairment(NetProtocol protocol) {
        this.protocol = protocol;
        Map<ImpairmentKind, LongAdder> adders = new EnumMap<>(ImpairmentKind.class);
        for (ImpairmentKind kind : ImpairmentKind.values()) {
            adders.put(kind, new LongAdder());
        }
        this.counts = Collections.unmodifiableMap(adders);
    }

    /** The impairment applied now. */
    public Impairment current() {
        return this.current;
    }

    /**
     * Applies {@code impairment} from now on.
     * @throws IllegalArgumentException if it is not valid for this listener's protocol
     * @throws IllegalStateException if this listener cannot be impaired (it runs TLS or DTLS)
     */
    public void set(Impairment impairment) {
        if (!impairment.violations(this.protocol).isEmpty()) {
            throw new IllegalArgumentException("Invalid impairment for a " + this.protocol.id() + " listener: "
                    + impairment.violations(this.protocol));
        }
        String why = this.unsupported;
        if (why != null && impairment.affects(this.protocol)) {
            throw new IllegalStateException(why);
        }
        this.current = impairment;
    }

    /** Refuses every impairment from now on ({@link #set} throws {@link IllegalStateException} with {@code why}). */
    public void unsupported(String why) {
        this.unsupported = why;
    }

    /** Whether the current impairment injects any fault. */
    public boolean isActive() {
        return this.current.affects(this.protocol);
    }

    /** Counts one event of {@code kind}. */
    public void counted(ImpairmentKind kind) {
        this.counts.get(kind).increment();
    }

    /** Events of {@code kind} so far. */
    public long count(ImpairmentKind kind) {
        return this.counts.get(kind).sum();
    }

    /** A snapshot: the settings and the counts that are not zero. */
    public ImpairmentInfo info() {
        Map<String, Long> counted = new LinkedHashMap<>();
        this.counts.forEach((kind, adder) -> {
            long count = adder.sum();
            if (count > 0) {
                counted.put(kind.tag(), count);
            }
        });
        return ImpairmentInfo.of(this.current, isActive(), counted);
    }
}
