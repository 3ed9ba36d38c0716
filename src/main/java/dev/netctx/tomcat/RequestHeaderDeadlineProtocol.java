package dev.netctx.tomcat;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.coyote.http11.Http11NioProtocol;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's NIO HTTP/1.1 protocol with a deadline for a complete request header. Tomcat's own
 * {@code connectionTimeout} bounds the wait for each read, and starts again with every byte: a
 * client that sends one header byte every few seconds keeps a connection, its buffers and its
 * processor for ever. Here {@link IncompleteRequestReaper} closes, every
 * {@link #getRequestHeaderTimeout() request-header timeout} / 4 on Tomcat's utility executor, each
 * connection whose request header is still incomplete after the timeout. Public with a no-argument
 * constructor because Tomcat creates its protocol by class name.
 */
public class RequestHeaderDeadlineProtocol extends Http11NioProtocol {

    private static final long MIN_SCAN_MILLIS = 25;

    private static final long MAX_SCAN_MILLIS = 1_000;

    private volatile long requestHeaderTimeout = 10_000;

    private @Nullable ScheduledFuture<?> scans;

    /** Sendfile off: a response being sent by sendfile would look like a request waiting for its header. */
    public RequestHeaderDeadlineProtocol() {
        setUseSendfile(false);
    }

    /** Milliseconds that a request has, from its first byte, to send its whole header; 0 or less: no deadline. */
    public long getRequestHeaderTimeout() {
        return this.requestHeaderTimeout;
    }

    public void setRequestHeaderTimeout(long millis) {
        this.requestHeaderTimeout = millis;
    }

    @Override
    public synchronized void start() throws Exception {
        super.start();
        long timeout = this.requestHeaderTimeout;
        if (timeout > 0) {
            IncompleteRequestReaper reaper = new IncompleteRequestReaper(getEndpoint(), TimeUnit.MILLISECONDS.toNanos(timeout));
            long period = Math.max(MIN_SCAN_MILLIS, Math.min(timeout / 4, MAX_SCAN_MILLIS));
            this.scans = getUtilityExecutor().scheduleWithFixedDelay(reaper, period, period, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() throws Exception {
        if (this.scans != null) {
            this.scans.cancel(false);
            this.scans = null;
        }
        super.stop();
    }
}
