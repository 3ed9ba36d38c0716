package dev.netctx.context;

import java.net.SocketAddress;

import dev.netctx.net.NetProtocol;

import org.springframework.context.ApplicationEvent;

/**
 * A listener was bound and is accepting, as Spring Integration's
 * {@code TcpConnectionServerListeningEvent} tells: the way for tools and tests to learn its port
 * (listeners on port 0) instead of reading the log.
 */
public final class ListenerStartedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final String name;

    private final NetProtocol protocol;

    private final transient SocketAddress localAddress;

    ListenerStartedEvent(ContextRegistry source, String name, NetProtocol protocol, SocketAddress localAddress) {
        super(source);
        this.name = name;
        this.protocol = protocol;
        this.localAddress = localAddress;
    }

    /** The listener's name ({@code netctx.listeners.<name>}). */
    public String name() {
        return this.name;
    }

    /** Its transport. */
    public NetProtocol protocol() {
        return this.protocol;
    }

    /** The address it is bound to, with the actual port. */
    public SocketAddress localAddress() {
        return this.localAddress;
    }

    @Override
    public String toString() {
        return "ListenerStartedEvent[" + this.name + ", " + this.protocol.id() + " " + this.localAddress + "]";
    }
}
