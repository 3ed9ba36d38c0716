package dev.netctx.echo;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.netctx.context.NetworkRange;
import org.jspecify.annotations.Nullable;

/**
 * The sessions each source address has open on one listener, at most
 * {@code max-connections-per-source} of them, so that one party cannot take every slot of
 * {@code max-connections}. Addresses in {@code netctx.trusted-networks} are not counted (local load
 * tests open thousands of connections from one address).
 */
final class SourceSlots {

    private final int max;

    private final List<NetworkRange> trusted;

    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    SourceSlots(int max, List<NetworkRange> trusted) {
        this.max = max;
        this.trusted = trusted;
    }

    /** A slot for one more session of {@code source}, or {@code null} if it has {@code max} open already. */
    @Nullable Slot acquire(InetAddress source) {
        if (this.trusted.stream().anyMatch((range) -> range.contains(source))) {
            return Slot.UNCOUNTED;
        }
        boolean[] granted = new boolean[1];
        this.open.compute(source, (address, count) -> {
            int current = (count != null) ? count : 0;
            if (current >= this.max) {
                return count;
            }
            granted[0] = true;
            return current + 1;
        });
        return granted[0] ? new Slot(this, source) : null;
    }

    /** Sessions counted for {@code source} now. */
    int openFrom(InetAddress source) {
        return this.open.getOrDefault(source, 0);
    }

    private void release(InetAddress source) {
        this.open.computeIfPresent(source, (address, count) -> (count <= 1) ? null : count - 1);
    }

    /** One session's place among its source's sessions; given back once, however often {@link #release()} is called. */
    static final class Slot {

        /** The slot of a session whose source is not counted. */
        static final Slot UNCOUNTED = new Slot(null, null);

        private final @Nullable SourceSlots slots;

        private final @Nullable InetAddress source;

        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(@Nullable SourceSlots slots, @Nullable InetAddress source) {
            this.slots = slots;
            this.source = source;
        }

        void release() {
            if (this.slots != null && this.released.compareAndSet(false, true)) {
                this.slots.release(this.source);
            }
        }
    }
}
