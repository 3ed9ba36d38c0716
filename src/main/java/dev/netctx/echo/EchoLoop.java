package dev.netctx.echo;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import dev.netctx.net.NetException;
import dev.netctx.net.NetPoller;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One thread that echoes many TCP sessions: it polls their non-blocking contexts together
 * ({@link NetPoller}) and echoes whatever is readable, as an event loop of Netty's does. A thread per
 * connection costs a wake-up of that thread per read and a stack per connection; a loop per core
 * costs neither, and its one read buffer serves all its sessions, since every read is echoed (or its
 * unsent rest copied aside) before the next. It runs as a long-running task of the service's
 * executor, on a thread named after it while it runs.
 *
 * <p>A session whose echo fails unexpectedly (an {@link OutOfMemoryError}, a bug) is cut and counted,
 * and the loop goes on with the others. Should the loop itself fail (its poller), it closes its
 * sessions, takes no more, and reports the failure, which turns the service's liveness down.
 */
final class EchoLoop implements Runnable {

    private static final Log logger = LogFactory.getLog(EchoLoop.class);

    /** How often the loop wakes when idle, so that contexts closed by other threads leave it. */
    private static final long POLL_TIMEOUT_MILLIS = 1000;

    private final NetPoller poller;

    private final ByteBuffer buffer;

    private final Queue<LoopSession> added = new ConcurrentLinkedQueue<>();

    private final String name;

    private final CountDownLatch finished = new CountDownLatch(1);

    private final EchoSessions sessions;

    private final BiConsumer<EchoLoop, Throwable> onFailure;

    private volatile boolean running = true;

    private volatile boolean failed;

    /**
     * @param onFailure told, on the loop's thread, when the loop itself failed and stopped
     */
    EchoLoop(String name, int bufferSize, EchoSessions sessions, BiConsumer<EchoLoop, Throwable> onFailure)
            throws NetException {
        this.poller = new NetPoller();
        this.buffer = ByteBuffer.allocateDirect(bufferSize);
        this.name = name;
        this.sessions = sessions;
        this.onFailure = onFailure;
    }

    /** Starts the loop as a task of {@code executor}. */
    void start(Executor executor) {
        executor.execute(this);
    }

    /** Hands a session to this loop, from any thread. */
    void add(LoopSession session) {
        this.added.add(session);
        if (this.failed) {
            closeSessions();
            return;
        }
        this.poller.wakeup();
    }

    @Override
    public void run() {
        Thread.currentThread().setName(this.name);
        try {
            while (this.running) {
                try {
                    LoopSession session;
                    while ((session = this.added.poll()) != null) {
                        session.register(this, this.poller);
                    }
                    this.poller.poll(POLL_TIMEOUT_MILLIS, this::serve);
                }
                catch (VirtualMachineError ex) {
                    // out of memory outside any one session's echo: the memory this loop can free is
                    // what its slow readers hold, and only this loop can see sessions end, so it goes on
                    try {
                        this.sessions.cutUnsentHolders(this);
                    }
                    catch (VirtualMachineError again) {
                        // the next round tries again
                    }
                    OutOfMemoryPause.after(ex, name());
                }
            }
        }
        catch (Throwable ex) {
            this.failed = true;
            this.onFailure.accept(this, ex);
            logger.error(name() + " failed and stopped; its sessions are closed", ex);
        }
        finally {
            this.poller.close();
            if (this.failed) {
                closeSessions();
            }
            this.finished.countDown();
        }
    }

    private void serve(NetPoller.Registration ready) {
        LoopSession session = (LoopSession) ready.attachment();
        try {
            session.echo(ready, this.buffer);
        }
        catch (Throwable ex) {
            // an OutOfMemoryError included: the session's buffers go with it, the other sessions keep their echo
            ready.cancel();
            session.fail(ex);
        }
    }

    private void closeSessions() {
        LoopSession session;
        while ((session = this.added.poll()) != null) {
            session.close("event loop failed");
        }
        this.sessions.closeWhere((running) -> running instanceof LoopSession tcp && tcp.servedBy(this),
                "event loop failed");
    }

    /** Whether the loop takes sessions: it has not failed. */
    boolean isServing() {
        return !this.failed;
    }

    String name() {
        return this.name;
    }

    /** Stops the loop (its sessions are closed by then) and waits at most {@code timeoutMillis} for it to end. */
    void stop(long timeoutMillis) throws InterruptedException {
        this.running = false;
        this.poller.wakeup();
        this.finished.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
