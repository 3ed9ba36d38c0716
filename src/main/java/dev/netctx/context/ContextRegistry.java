package dev.netctx.context;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.netctx.net.NetContext;
import dev.netctx.net.NetProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Every open context of the application, listeners, sessions and clients, and the statistics of
 * every listener: the single source of truth for what reports on contexts. Contexts enter it through
 * {@link NetContextFactory} and leave it when they are closed; a line is logged and an event
 * published each time ({@link ContextOpenedEvent}, {@link ContextClosedEvent}, and
 * {@link ListenerStartedEvent} for a listener), from the open and close path only.
 */
@Component
public class ContextRegistry {

    private static final Log logger = LogFactory.getLog(ContextRegistry.class);

    private final AtomicLong lastId = new AtomicLong();

    private final ApplicationEventPublisher events;

    private final ConcurrentNavigableMap<Long, TrackedContext> contexts = new ConcurrentSkipListMap<>();

    private final ConcurrentNavigableMap<String, ListenerStats> listeners = new ConcurrentSkipListMap<>();

    ContextRegistry(ApplicationEventPublisher events) {
        this.events = events;
    }

    /** Snapshots of all open contexts, by increasing id. */
    public List<ContextInfo> contexts() {
        List<ContextInfo> infos = new ArrayList<>(this.contexts.size());
        this.contexts.values().forEach(context -> infos.add(context.info()));
        return infos;
    }

    /**
     * One page of the open contexts that match {@code query}, in its order, with the total that
     * matched. Costs one pass over the registry and memory for the page (and, sorted by anything
     * but id, a heap of the contexts up to the page's end), not a copy of the registry.
     */
    public ContextPage page(ContextQuery query) {
        return ContextSelection.select(this.contexts, query);
    }

    /** The recent throughput of every listener that was started, by name. */
    public List<ListenerThroughput> throughput() {
        return this.listeners.values().stream().map(ListenerStats::throughput).toList();
    }

    /** The number of open contexts. */
    public int openContexts() {
        return this.contexts.size();
    }

    /** A snapshot of the open context with the given id. */
    public Optional<ContextInfo> find(long id) {
        return Optional.ofNullable(this.contexts.get(id)).map(TrackedContext::info);
    }

    /**
     * Closes the open context with the given id (a session ends, a listener stops accepting) and
     * returns its final snapshot.
     */
    public Optional<ContextInfo> close(long id) {
        TrackedContext context = this.contexts.get(id);
        if (context == null) {
            return Optional.empty();
        }
        context.close("closed by request");
        return Optional.of(context.info());
    }

    /**
     * Closes the session or client context with the given id on an operator's request (REST,
     * actuator) and returns its final snapshot. A listener's context is not closed: its accept loop
     * would end for good.
     * @throws ContextNotClosableException if the context is a listener's
     */
    public Optional<ContextInfo> closeConnection(long id) {
        TrackedContext context = this.contexts.get(id);
        if (context == null) {
            return Optional.empty();
        }
        if (context.role() == ContextRole.LISTENER) {
            throw new ContextNotClosableException(context.info());
        }
        context.close("closed by request");
        return Optional.of(context.info());
    }

    /** The statistics of every listener that was started, by name. */
    public List<ListenerStats> listeners() {
        return List.copyOf(this.listeners.values());
    }

    /** The statistics of the listener with the given name, if it was started. */
    public Optional<ListenerStats> listener(String name) {
        return Optional.ofNullable(this.listeners.get(name));
    }

    ListenerStats listenerStats(String name, NetProtocol protocol) {
        ListenerStats stats = this.listeners.computeIfAbsent(name, key -> new ListenerStats(key, protocol));
        if (stats.protocol() != protocol) {
            throw new IllegalArgumentException(stats + " cannot change to " + protocol.id());
        }
        return stats;
    }

    /**
     * Samples every context's and listener's counters at {@code nanos} ({@link System#nanoTime()})
     * for their rates and histories. {@link ContextSampler} calls it once a second; a test may call
     * it to step time.
     */
    public void sample(long nanos) {
        this.contexts.values().forEach((context) -> context.sample(nanos));
        this.listeners.values().forEach((stats) -> stats.sample(nanos));
    }

    TrackedContext register(NetContext context, ContextRole role, String name, @Nullable ListenerStats stats) {
        TrackedContext tracked = new TrackedContext(this.lastId.incrementAndGet(), context, role, name, stats, this);
        this.contexts.put(tracked.id(), tracked);
        if (role == ContextRole.LISTENER) {
            stats.listening(tracked);
        }
        else if (role == ContextRole.SESSION) {
            stats.sessionOpened();
        }
        if (logger.isInfoEnabled()) {
            logger.info("Opened " + tracked);
        }
        this.events.publishEvent(new ContextOpenedEvent(this, tracked.info()));
        if (role == ContextRole.LISTENER) {
            this.events.publishEvent(new ListenerStartedEvent(this, name, stats.protocol(), stats.localAddress()));
        }
        return tracked;
    }

    void closed(TrackedContext context, String reason) {
        if (this.contexts.remove(context.id()) == null) {
            return;
        }
        if (context.role() == ContextRole.SESSION) {
            context.stats().sessionClosed();
        }
        ContextInfo info = context.info();
        this.events.publishEvent(new ContextClosedEvent(this, info, reason));
        if (logger.isInfoEnabled()) {
            String closed = "Closed " + context + " (" + reason + ") after "
                    + Duration.between(info.openedAt(), Instant.now()).toMillis() + " ms";
            logger.info((context.role() == ContextRole.LISTENER) ? closed
                    : closed + ": received " + info.bytesReceived() + " B, sent " + info.bytesSent() + " B");
        }
    }
}
