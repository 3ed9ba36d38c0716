package dev.netctx.footprint;

import java.lang.management.ManagementFactory;
import java.util.OptionalLong;

import javax.management.JMException;
import javax.management.ObjectName;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Once the beans are made and before anything accepts traffic, hands back to the operating system
 * the memory that start-up used and no longer needs. Start-up (configuration, bean creation, class loading, the first JIT
 * compilations) leaves two kinds of garbage resident: Java heap that the collector sized for the
 * start-up's allocation rate, and C heap that glibc keeps after it was freed. One full collection
 * lets the collector shrink the heap to what its free ratio allows for the live data, and trimming
 * the C heap ({@code jcmd PID System.trim_native_heap}) returns the freed pages. Both run once, as
 * the first of the lifecycle's starts ({@link #PHASE}): before the web servers (phase
 * {@code DEFAULT_PHASE - 2048}) and the echo listeners ({@code DEFAULT_PHASE}) open their ports, so
 * that the collection's pause (some tens of milliseconds, 705 ms seen on a busy machine) meets no
 * traffic; readiness turns up after it. Nothing is lost. The JVM's flags are not changed:
 * {@code -XX:+DisableExplicitGC} turns the collection into a no-op, and on a platform without the
 * trim command only the collection runs.
 */
class StartupMemoryRelease implements SmartLifecycle {

    /** Before the web servers' start ({@code DEFAULT_PHASE - 2048}) and the echo listeners' ({@code DEFAULT_PHASE}). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Log logger = LogFactory.getLog(StartupMemoryRelease.class);

    private static final String TRIM_NATIVE_HEAP = "systemTrimNativeHeap";

    private volatile boolean released;

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void start() {
        if (!this.released) {
            release();
            this.released = true;
        }
    }

    @Override
    public void stop() {
    }

    /** Whether the memory was released: from the first start on, so that the lifecycle starts it once. */
    @Override
    public boolean isRunning() {
        return this.released;
    }

    /** Collects the heap and trims the C heap, and says what that gave back. */
    void release() {
        long started = System.nanoTime();
        OptionalLong rssBefore = ProcessStatus.self().residentKib();
        System.gc();
        String released = trimNativeHeap() ? "heap collected, C heap trimmed" : "heap collected";
        OptionalLong rssAfter = ProcessStatus.self().residentKib();
        long millis = (System.nanoTime() - started) / 1_000_000;
        String resident = (rssBefore.isPresent() && rssAfter.isPresent())
                ? ": resident set " + megabytes(rssBefore.getAsLong()) + " -> " + megabytes(rssAfter.getAsLong()) : "";
        logger.info("Released start-up memory in " + millis + " ms (" + released + ")" + resident
                + "; netctx.memory.release-after-startup=false turns this off");
    }

    /** Trims the C heap; {@code false} where this JVM or C library cannot (e.g. musl). */
    private static boolean trimNativeHeap() {
        try {
            ObjectName diagnosticCommand = new ObjectName("com.sun.management:type=DiagnosticCommand");
            Object answer = ManagementFactory.getPlatformMBeanServer()
                .invoke(diagnosticCommand, TRIM_NATIVE_HEAP, new Object[] { new String[0] },
                        new String[] { String[].class.getName() });
            logger.debug(answer);
            return !String.valueOf(answer).contains("Not available");
        }
        catch (JMException | RuntimeException ex) {
            logger.debug("The C heap could not be trimmed on this JVM", ex);
            return false;
        }
    }

    private static String megabytes(long kib) {
        return (kib / 1024) + " MB";
    }
}
