package dev.netctx.security;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The host names ({@code Host} header, without the port) that the HTTP side answers to: every IP
 * literal (a DNS-rebinding page has a name, never an address, as its origin; the bound address and
 * the probes' pod IP are literals), {@code localhost} and its subdomains, and the configured
 * {@code netctx.security.allowed-hosts} ({@code *}: any host).
 */
final class HostAllowlist implements Predicate<String> {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final boolean any;

    private final Set<String> names;

    HostAllowlist(List<String> allowedHosts) {
        this.any = allowedHosts.contains("*");
        this.names = allowedHosts.stream().map(HostAllowlist::normalize).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public boolean test(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String name = normalize(host);
        return this.any || isIpLiteral(name) || name.equals("localhost") || name.endsWith(".localhost")
                || this.names.contains(name);
    }

    private static boolean isIpLiteral(String name) {
        return IPV4.matcher(name).matches() || name.startsWith("[") || name.indexOf(':') >= 0;
    }

    private static String normalize(String host) {
        String name = host.trim().toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
