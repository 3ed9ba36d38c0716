package dev.netctx.footprint;

import java.lang.management.ManagementFactory;
import java.util.OptionalLong;

import javax.management.JMException;
import javax.management.ObjectName;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Once the application is ready, hands back to the operating system the memory that start-up used
 * and no longer needs. Start-up (configuration, bean creation, class loading, the first JIT
 * compilations) leaves two kinds of garbage resident: Java heap that the collector sized for the
 * start-up's allocation rate, and C heap that glibc keeps after it was freed. One full collection
 * lets the collector shrink the heap to what its free ratio allows for the live data, and trimming
 * the C heap ({@code jcmd PID System.trim_native_heap}) returns the freed pages. Both run once, before
 * any load, and take a few tens of milliseconds; nothing is lost. The JVM's flags are not changed:
 * {@code -XX:+DisableExplicitGC} turns the collection into a no-op, and on a platform without the
 * trim command only the collection runs.
 */
class StartupMemoryRelease implements ApplicationListener<ApplicationReadyEvent> {

    private static final Log logger = LogFactory.getLog(StartupMemoryRelease.class);

    private static final String TRIM_NATIVE_HEAP = "systemTrimNativeHeap";

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
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
