package dev.netctx.echo;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundles;

/**
 * The TLS and DTLS configurations of the listeners that name an SSL bundle
 * ({@code netctx.listeners.<name>.ssl.bundle}), made when the service starts, so that a missing or
 * bad bundle stops start-up before any listener binds.
 */
final class TlsListeners {

    private final Map<String, ListenerTls> byName = new LinkedHashMap<>();

    TlsListeners(NetctxProperties properties, SslBundles bundles) {
        properties.listeners().forEach((name, listener) -> {
            if (listener.ssl().enabled()) {
                this.byName.put(name, new ListenerTls(name, listener.protocol(), listener.ssl(), bundles));
            }
        });
    }

    /** The TLS or DTLS configuration of the listener, or {@code null} when it is a plain one. */
    @Nullable ListenerTls get(String listener) {
        return this.byName.get(listener);
    }
}
