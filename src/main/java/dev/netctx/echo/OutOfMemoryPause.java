package dev.netctx.echo;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.netctx.logging.RateLimitedLog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What a listener's or an event loop's thread does when the JVM ran out of memory outside any one
 * session: it says so (at most once every 10 s) and pauses a moment before it goes on, so that it
 * neither dies, which would leave a process alive and deaf, nor spins while memory is short. Memory
 * comes back as the sessions that hold it are cut or end. With {@code -XX:+ExitOnOutOfMemoryError}
 * (the image and the chart set it) the JVM exits instead, and the orchestrator restarts it.
 */
final class OutOfMemoryPause {

    private static final Log logger = LogFactory.getLog(OutOfMemoryPause.class);

    private static final RateLimitedLog warnings = new RateLimitedLog(logger, Duration.ofSeconds(10));

    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private OutOfMemoryPause() {
    }

    /** Loads this class now: loading it once memory has run out would fail. */
    static void prepare() {
    }

    static void after(VirtualMachineError error, String where) {
        try {
            warnings.warn(() -> where + " ran out of memory and goes on once memory is freed: " + error);
        }
        catch (VirtualMachineError ex) {
            // not even the warning fits: go on all the same
        }
        LockSupport.parkNanos(PAUSE_NANOS);
    }
}
