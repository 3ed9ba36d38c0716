package dev.netctx.bench;

import java.nio.channels.Selector;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes an I/O thread's selector when its next paced send is due. A selector waits in whole
 * milliseconds, so an open-loop worker whose next message is due sooner would either send late or,
 * polling, read its echoes late; this thread of its own parks until the time its worker published
 * ({@link #nextDue}) and wakes the selector then, at most once a {@link #MIN_PERIOD_NANOS}. It ends
 * by itself when the run stops sending.
 */
final class Pacer implements Runnable {

    /** The shortest time between two wake-ups: the kernel's timer slack is about as long. */
    private static final long MIN_PERIOD_NANOS = 50_000;

    private final Selector selector;

    private final Phases phases;

    private volatile long nextDue;

    private Pacer(Selector selector, Phases phases, long firstDue) {
        this.selector = selector;
        this.phases = phases;
        this.nextDue = firstDue;
    }

    /** Starts a pacer for {@code selector}, named {@code name}, its first wake-up at {@code firstDue}. */
    static Pacer start(Selector selector, Phases phases, long firstDue, String name) {
        Pacer pacer = new Pacer(selector, phases, firstDue);
        Thread thread = new Thread(pacer, name);
        thread.setDaemon(true);
        thread.start();
        return pacer;
    }

    /** Tells when the worker's next send is due, in {@link System#nanoTime()} units. */
    void nextDue(long due) {
        this.nextDue = due;
    }

    @Override
    public void run() {
        long now;
        long woken = 0;
        while (this.phases.sending(now = System.nanoTime())) {
            long due = this.nextDue;
            if (due > now) {
                LockSupport.parkNanos(this, due - now);
            }
            else if (due > woken) {
                this.selector.wakeup();
                woken = due;
            }
            else {
                LockSupport.parkNanos(this, MIN_PERIOD_NANOS);   // woken for this one already: until the worker moves on
            }
        }
    }
}
