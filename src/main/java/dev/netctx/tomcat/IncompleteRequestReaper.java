package dev.netctx.tomcat;

import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.AbstractProcessor;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * One scan of an endpoint's connections: each connection whose request header is still incomplete
 * longer than the deadline after its first byte is closed the way Tomcat closes a connection that
 * timed out (an error event on the connection, handled on a worker). Tomcat leaves a processor on a
 * connection between polls only while it waits for more of a request (its header, as sendfile is
 * off) or for an async or upgraded one: the first kind, with its start time set, is the one
 * reaped. A connection between requests has no processor (Tomcat's keep-alive timeout bounds it);
 * one whose request is being served has it taken by the worker. How many were closed is logged at
 * most once a minute. Runs on one thread at a time (a fixed-delay schedule).
 */
final class IncompleteRequestReaper implements Runnable {

    private static final Log logger = LogFactory.getLog(IncompleteRequestReaper.class);

    private static final long LOG_PERIOD_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Tomcat's start time of a request whose first byte has not come yet. */
    private static final long NOT_STARTED = -1;

    private final AbstractEndpoint<?, ?> endpoint;

    private final long deadlineNanos;

    private long unlogged;

    private long lastLogged = System.nanoTime() - LOG_PERIOD_NANOS;

    IncompleteRequestReaper(AbstractEndpoint<?, ?> endpoint, long deadlineNanos) {
        this.endpoint = endpoint;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        for (SocketWrapperBase<?> connection : this.endpoint.getConnections()) {
            if (isOverdue(connection, now) && close(connection)) {
                this.unlogged++;
            }
        }
        if (this.unlogged > 0 && now - this.lastLogged >= LOG_PERIOD_NANOS) {
            logger.info("Closed " + this.unlogged + " HTTP connection(s) on port " + this.endpoint.getLocalPort()
                    + " whose request header was still incomplete " + TimeUnit.NANOSECONDS.toMillis(this.deadlineNanos)
                    + " ms after its first byte (netctx.http.request-header-timeout); logged at most once a minute");
            this.unlogged = 0;
            this.lastLogged = now;
        }
    }

    private boolean isOverdue(SocketWrapperBase<?> connection, long now) {
        if (!(connection.getCurrentProcessor() instanceof AbstractProcessor processor) || processor.isAsync()
                || processor.isUpgrade()) {
            return false;
        }
        long started = processor.getRequest().getStartTimeNanos();
        return started != NOT_STARTED && now - started > this.deadlineNanos;
    }

    @SuppressWarnings({ "rawtypes", "unchecked" })
    private boolean close(SocketWrapperBase connection) {
        if (connection.isClosed()) {
            return false;
        }
        connection.setError(new SocketTimeoutException("request header incomplete after the deadline"));
        if (!((AbstractEndpoint) this.endpoint).processSocket(connection, SocketEvent.ERROR, true)) {
            connection.close();
        }
        return true;
    }
}
