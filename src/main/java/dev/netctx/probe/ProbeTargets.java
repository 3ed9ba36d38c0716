package dev.netctx.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import dev.netctx.net.Addresses;

/**
 * Where probes may go ({@code netctx.probe.allowed-targets}). A target's host is resolved once, and
 * every address it has must be allowed: the probe then dials that address, never the name again, so
 * that no second lookup (DNS rebinding) leads it elsewhere. Wildcard ({@code 0.0.0.0}, {@code ::}) and
 * multicast addresses are never dialled, whatever the list says.
 */
final class ProbeTargets {

    private final List<AllowedTarget> allowed;

    ProbeTargets(List<String> entries) {
        this.allowed = entries.stream().map(AllowedTarget::parse).toList();
    }

    /** Whether the probe is on: some target is allowed. */
    boolean enabled() {
        return !this.allowed.isEmpty();
    }

    /**
     * The address to dial for {@code host} and {@code port}: the first that {@code host} resolves to.
     * @throws ProbeException {@code BAD_REQUEST} if the host does not resolve, {@code FORBIDDEN} if any
     * of its addresses is not allowed on that port
     */
    InetAddress resolve(String host, int port) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        }
        catch (UnknownHostException ex) {
            throw new ProbeException(ProbeException.Kind.BAD_REQUEST, "Host '" + host + "' does not resolve");
        }
        List<InetAddress> refused = Arrays.stream(addresses).filter((address) -> !allows(address, port)).toList();
        if (!refused.isEmpty()) {
            String which = refused.stream().map(Addresses::host).collect(Collectors.joining(", "));
            throw new ProbeException(ProbeException.Kind.FORBIDDEN, "Target " + host + ":" + port
                    + " is not allowed: " + which + " on port " + port + " is not in netctx.probe.allowed-targets");
        }
        return addresses[0];
    }

    private boolean allows(InetAddress address, int port) {
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        return this.allowed.stream().anyMatch((target) -> target.allows(address, port));
    }
}
