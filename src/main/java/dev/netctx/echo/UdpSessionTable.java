package dev.netctx.echo;

import java.util.concurrent.TimeUnit;

import dev.netctx.context.CutReason;
import org.jspecify.annotations.Nullable;

/**
 * The UDP sessions of one listener as its thread sees them, least recently active first, in two
 * queues: peers that have sent one datagram so far (on probation) and peers that have sent more.
 * When the listener has {@code max-connections} sessions open, a new peer takes the place of the
 * quietest peer on probation, or else of the quietest other peer if it has been quiet for a second:
 * a flood of one-datagram sources (spoofed, say) displaces only itself, and a new peer is admitted
 * over a stale one. Used by the listener's thread only; sessions closed by other threads (the idle
 * reaper, the REST API) leave the queues when the thread next meets them.
 */
final class UdpSessionTable {

    /** How long a peer that sent more than one datagram must have been quiet to make room for a new one. */
    private static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** How many closed sessions the queues may still hold before they are swept. */
    private static final int SWEEP_AFTER = 1024;

    private final Queue probation = new Queue();

    private final Queue established = new Queue();

    /** A new session, after its first datagram. */
    void admitted(UdpEchoSession session, int openSessions) {
        this.probation.addLast(session);
        if (this.probation.size + this.established.size > openSessions + SWEEP_AFTER) {
            this.probation.removeClosed();
            this.established.removeClosed();
        }
    }

    /** A session that received another datagram: it is the most recently active one now. */
    void active(UdpEchoSession session) {
        if (session.queue != this.established || this.established.newest != session) {
            session.queue.remove(session);
            this.established.addLast(session);
        }
    }

    /**
     * Makes room for a new peer: cuts the quietest session on probation, or the quietest other one if
     * it has been quiet for a second.
     * @return whether a session was cut
     */
    boolean evictOne(long nowNanos) {
        UdpEchoSession victim = this.probation.oldestOpen();
        if (victim == null) {
            victim = this.established.oldestOpen();
            if (victim == null || nowNanos - victim.lastActivityNanos() < STALE_NANOS) {
                return false;
            }
        }
        victim.queue.remove(victim);
        victim.cut(CutReason.EVICTED, "made room for a new peer in a full session table");
        return true;
    }

    /** A queue of sessions linked through their own fields, oldest first: no allocation per datagram. */
    static final class Queue {

        private @Nullable UdpEchoSession oldest;

        private @Nullable UdpEchoSession newest;

        private int size;

        void addLast(UdpEchoSession session) {
            session.queue = this;
            session.older = this.newest;
            session.newer = null;
            if (this.newest != null) {
                this.newest.newer = session;
            }
            else {
                this.oldest = session;
            }
            this.newest = session;
            this.size++;
        }

        void remove(UdpEchoSession session) {
            if (session.older != null) {
                session.older.newer = session.newer;
            }
            else {
                this.oldest = session.newer;
            }
            if (session.newer != null) {
                session.newer.older = session.older;
            }
            else {
                this.newest = session.older;
            }
            session.older = null;
            session.newer = null;
            session.queue = null;
            this.size--;
        }

        /** The oldest session that is still open; the closed ones before it leave the queue. */
        @Nullable UdpEchoSession oldestOpen() {
            while (this.oldest != null && !this.oldest.isOpen()) {
                remove(this.oldest);
            }
            return this.oldest;
        }

        void removeClosed() {
            UdpEchoSession session = this.oldest;
            while (session != null) {
                UdpEchoSession next = session.newer;
                if (!session.isOpen()) {
                    remove(session);
                }
                session = next;
            }
        }
    }
}
