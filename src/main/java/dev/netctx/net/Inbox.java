package dev.netctx.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;

import org.jspecify.annotations.Nullable;

/**
 * The queue of one context on a {@link DatagramDemux}: the listener's ({@code owner == null}) or an
 * accepted peer's. Guarded by the demux's lock, but for {@link #closed}, which the one-way path
 * reads without it.
 */
final class Inbox {

    /** The accepted peer this queue belongs to, or {@code null} for the listener's. */
    final @Nullable UdpPeer owner;

    final ArrayDeque<Datagram> queue = new ArrayDeque<>();

    /** Signalled when a datagram is queued, the inbox is closed, or its thread is to take over reading. */
    final Condition ready;

    /** Written under the demux's lock. */
    volatile boolean closed;

    /** Whether this inbox is in the demux's list of peers ready for {@code nextReady}. */
    boolean listed;

    Inbox(@Nullable UdpPeer owner, Condition ready) {
        this.owner = owner;
        this.ready = ready;
    }

    /** The accepted peer this queue belongs to, or {@code null} for the listener's. */
    @Nullable UdpPeer owner() {
        return this.owner;
    }

    boolean isClosed() {
        return this.closed;
    }

    /**
     * A received datagram, where it came from and the local address it was sent to ({@code null}
     * where the listener's socket does not learn it).
     */
    record Datagram(InetSocketAddress source, @Nullable InetAddress destination, byte[] payload) {
    }
}
