package dev.netctx.echo;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import dev.netctx.context.CutReason;
import dev.netctx.net.NetProtocol;

/** The echo sessions that are running, for the idle reaper and for a graceful stop. */
final class EchoSessions {

    private final Set<EchoSession> running = ConcurrentHashMap.newKeySet();

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition ended = this.lock.newCondition();

    void add(EchoSession session) {
        this.running.add(session);
    }

    void remove(EchoSession session) {
        this.running.remove(session);
        if (this.running.isEmpty()) {
            this.lock.lock();
            try {
                this.ended.signalAll();
            }
            finally {
                this.lock.unlock();
            }
        }
    }

    int size() {
        return this.running.size();
    }

    /** Closes the sessions in which no byte moved for longer than their idle timeout. */
    void closeIdle() {
        long now = System.nanoTime();
        this.running.forEach(session -> session.closeIfIdle(now));
    }

    /** UDP sessions have no connection to finish: they end once the datagram in progress is echoed. */
    void stopDatagramSessions() {
        this.running.stream().filter(session -> session.protocol() == NetProtocol.UDP).forEach(EchoSession::stopWhenIdle);
    }

    /** Closes the sessions that {@code which} selects. */
    void closeWhere(Predicate<EchoSession> which, String reason) {
        this.running.stream().filter(which).forEach(session -> session.close(reason));
    }

    /**
     * Cuts the TCP sessions of {@code loop} that hold echo bytes their peers have not read: what
     * memory is left to free when it has run out. Allocates as little as it can.
     */
    void cutUnsentHolders(EchoLoop loop) {
        for (EchoSession session : this.running) {
            if (session instanceof TcpEchoSession tcp && tcp.servedBy(loop) && tcp.holdsUnsent()) {
                tcp.cut(CutReason.INTERNAL_ERROR, "out of memory");
            }
        }
    }

    void closeAll(String reason) {
        this.running.forEach(session -> session.close(reason));
    }

    /** Waits until no session runs, at most {@code timeout}; {@code true} if none runs. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        this.lock.lock();
        try {
            while (!this.running.isEmpty()) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = this.ended.awaitNanos(remaining);
            }
            return true;
        }
        finally {
            this.lock.unlock();
        }
    }
}
