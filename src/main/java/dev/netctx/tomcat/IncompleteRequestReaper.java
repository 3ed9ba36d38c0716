package dev.netctx.tomcat;

import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicLong;

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
 * one whose request is being served has it taken by the worker.
 */
final class IncompleteRequestReaper implements Runnable {

    /** Tomcat's start time of a request whose first byte has not come yet. */
    private static final long NOT_STARTED = -1;

    private final AbstractEndpoint<?, ?> endpoint;

    private final long deadlineNanos;

    private final AtomicLong closed = new AtomicLong();

    IncompleteRequestReaper(AbstractEndpoint<?, ?> endpoint, long deadlineNanos) {
        this.endpoint = endpoint;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        for (SocketWrapperBase<?> connection : this.endpoint.getConnections()) {
            if (isOverdue(connection, now)) {
                close(connection);
            }
        }
    }

    long closed() {
        return this.closed.get();
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
    private void close(SocketWrapperBase connection) {
        if (connection.isClosed()) {
            return;
        }
        this.closed.incrementAndGet();
        connection.setError(new SocketTimeoutException("request header incomplete after the deadline"));
        if (!((AbstractEndpoint) this.endpoint).processSocket(connection, SocketEvent.ERROR, true)) {
            connection.close();
        }
    }
}
