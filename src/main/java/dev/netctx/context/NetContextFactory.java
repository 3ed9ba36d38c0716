package dev.netctx.context;

import dev.netctx.net.NetContext;
import dev.netctx.net.NetException;
import dev.netctx.net.NetProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Creates the application's contexts, configured the way netctx uses them, and enters each into the
 * {@link ContextRegistry} as a {@link TrackedContext}: listeners bound from the configuration,
 * sessions they accept ({@code TCP_NODELAY} on, as request/response traffic wants), and client
 * contexts.
 */
@Component
public class NetContextFactory {

    private static final Log logger = LogFactory.getLog(NetContextFactory.class);

    private final ContextRegistry registry;

    NetContextFactory(ContextRegistry registry) {
        this.registry = registry;
    }

    /**
     * Binds a listener ({@code mbedtls_net_bind}) and registers it; its statistics are created on
     * first use of the name and kept across restarts.
     * @param name the listener's name
     * @param protocol its transport
     * @param bindAddress an IPv4 or IPv6 address or a host name ({@code ::} for every interface of both stacks)
     * @param port the port, {@code 0} for any free one
     * @throws NetException as {@link NetContext#bind(String, int, NetProtocol)}
     */
    public TrackedContext listen(String name, NetProtocol protocol, String bindAddress, int port) throws NetException {
        ListenerStats stats = this.registry.listenerStats(name, protocol);
        NetContext context = new NetContext();
        try {
            context.bind(bindAddress, port, protocol);
        }
        catch (NetException ex) {
            stats.failed(ex.error());
            throw ex;
        }
        return this.registry.register(context, ContextRole.LISTENER, name, stats);
    }

    /**
     * Registers a context that {@code listener} accepted as one of its sessions.
     * @throws NetException if a TCP connection cannot be configured (it is then closed)
     */
    public TrackedContext session(TrackedContext listener, NetContext accepted) throws NetException {
        try {
            configure(accepted);
        }
        catch (NetException ex) {
            listener.stats().failed(ex.error());
            throw ex;
        }
        listener.admitted();
        return this.registry.register(accepted, ContextRole.SESSION, listener.name(), listener.stats());
    }

    /** Closes a context that {@code listener} accepted but turns away, and counts it. */
    public void refuse(TrackedContext listener, NetContext accepted, RefusalReason reason) {
        listener.stats().countRefused(reason);
        accepted.close();
        if (logger.isDebugEnabled()) {
            logger.debug("Refused " + NetContext.format(accepted.remoteAddress()) + " on " + listener.stats() + ": "
                    + reason.tag());
        }
    }

    /**
     * Closes a UDP peer that {@code listener} accepted but does not answer, counting its datagram as
     * dropped. No session is created for it; its next datagram is judged afresh.
     */
    public void drop(TrackedContext listener, NetContext accepted, DropReason reason) {
        accepted.close();
        listener.stats().countDropped(reason);
        if (logger.isDebugEnabled()) {
            logger.debug("Dropped a datagram of " + NetContext.format(accepted.remoteAddress()) + " on " + listener.stats()
                    + ": " + reason.tag());
        }
    }

    /**
     * Connects a client context ({@code mbedtls_net_connect}, with {@code TCP_NODELAY} on for TCP) and
     * registers it.
     * @param name the name the context is listed under
     * @throws NetException as {@link NetContext#connect(String, int, NetProtocol, long)}
     */
    public TrackedContext connect(String name, String host, int port, NetProtocol protocol, long connectTimeoutMillis)
            throws NetException {
        NetContext context = new NetContext();
        context.connect(host, port, protocol, connectTimeoutMillis);
        configure(context);
        return this.registry.register(context, ContextRole.CLIENT, name, null);
    }

    /** Turns {@code TCP_NODELAY} on for a TCP connection; closes the context if that fails. */
    private static void configure(NetContext context) throws NetException {
        if (context.protocol() == NetProtocol.TCP) {
            try {
                context.setNoDelay(true);
            }
            catch (NetException ex) {
                context.close();
                throw ex;
            }
        }
    }
}
