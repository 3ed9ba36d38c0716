package dev.netctx.echo;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.netctx.context.NetworkRange;
import dev.netctx.impair.Impairment;
import dev.netctx.net.NetProtocol;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The {@code netctx.*} configuration. It validates itself when bound, so that a bad value fails
 * start-up with a message naming the property (e.g. {@code netctx.listeners.tcp.port}).
 * @param listeners Echo listeners by name, in configuration order.
 * @param trustedNetworks Networks in CIDR notation (such as 10.0.0.0/8 or fd00::/8) whose UDP peers are
 * not rate-limited and whose addresses are not held to max-connections-per-source. Loopback by
 * default, so that local load tests run at full speed.
 * @param maxUnsent Most echo bytes that all TCP sessions together may hold because their peers do not
 * read them; a session whose unsent rest does not fit is cut. Unset for a quarter of the JVM's
 * maximum heap.
 * @param proxyProtocol Who may send PROXY protocol headers to the listeners that accept them.
 * @param eventLoops Event loops (threads) that echo the TCP sessions of every listener. Unset for one
 * per CPU the JVM sees; fewer leave CPUs to other work on the same machine, such as a load generator.
 */
@ConfigurationProperties("netctx")
public record NetctxProperties(Map<String, Listener> listeners,
        @DefaultValue({ "127.0.0.0/8", "::1/128" }) List<String> trustedNetworks, @Nullable DataSize maxUnsent,
        @DefaultValue ProxyProtocol proxyProtocol, @Nullable Integer eventLoops) implements Validator {

    /** The most {@code event-loops}. */
    static final int MAX_EVENT_LOOPS = 1024;

    /** The largest {@code buffer-size}: a session holds its buffer for as long as it is open. */
    static final DataSize MAX_BUFFER_SIZE = DataSize.ofMegabytes(16);

    public NetctxProperties {
        listeners = (listeners != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(listeners)) : Map.of();
        trustedNetworks = (trustedNetworks != null) ? List.copyOf(trustedNetworks) : List.of();
    }

    /** {@link #maxUnsent()} in bytes, or its default: a quarter of {@code maxHeapBytes}. */
    long maxUnsentBytes(long maxHeapBytes) {
        return (this.maxUnsent != null) ? this.maxUnsent.toBytes() : maxHeapBytes / 4;
    }

    /** {@link #eventLoops()}, or its default: one per CPU the JVM sees. */
    int eventLoopCount() {
        return (this.eventLoops != null) ? this.eventLoops : Runtime.getRuntime().availableProcessors();
    }

    /** The trusted networks, parsed (call after validation). */
    List<NetworkRange> trustedRanges() {
        return this.trustedNetworks.stream().map(NetworkRange::parse).toList();
    }

    @Override
    public boolean supports(Class<?> type) {
        return NetctxProperties.class.equals(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        Map<String, String> portOwners = new HashMap<>();
        NetctxProperties properties = (NetctxProperties) target;
        for (int i = 0; i < properties.trustedNetworks().size(); i++) {
            try {
                NetworkRange.parse(properties.trustedNetworks().get(i));
            }
            catch (IllegalArgumentException ex) {
                errors.rejectValue("trusted-networks[" + i + "]", "cidr",
                        "must be a network in CIDR notation such as 10.0.0.0/8 or fd00::/8 (" + ex.getMessage() + ")");
            }
        }
        properties.proxyProtocol().validate(errors);
        if (properties.eventLoops() != null && (properties.eventLoops() < 1 || properties.eventLoops() > MAX_EVENT_LOOPS)) {
            errors.rejectValue("event-loops", "range", "must be 1.." + MAX_EVENT_LOOPS + " (unset: one per CPU, "
                    + Runtime.getRuntime().availableProcessors() + " here)");
        }
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (properties.maxUnsent() != null
                && (properties.maxUnsent().toBytes() <= 0 || properties.maxUnsent().toBytes() >= maxHeap)) {
            errors.rejectValue("max-unsent", "range", "must be more than 0 and less than the JVM's maximum heap ("
                    + DataSize.ofBytes(maxHeap).toMegabytes() + "MB; -Xmx or -XX:MaxRAMPercentage set it)");
        }
        properties.listeners().forEach((name, listener) -> {
            String prefix = "listeners." + name + ".";
            if (listener.protocol() == null) {
                errors.rejectValue(prefix + "protocol", "required", "is required: tcp or udp");
            }
            if (listener.bindAddress() == null || listener.bindAddress().isBlank()) {
                errors.rejectValue(prefix + "bind-address", "required",
                        "is required: an IPv4 or IPv6 address or a host name (0.0.0.0 or :: for every interface)");
            }
            if (listener.port() < 0 || listener.port() > 65_535) {
                errors.rejectValue(prefix + "port", "range", "must be 0..65535 (0 for any free port)");
            }
            else if (listener.port() != 0 && listener.protocol() != null) {
                String owner = portOwners.putIfAbsent(listener.protocol().id() + ":" + listener.port(), name);
                if (owner != null) {
                    errors.rejectValue(prefix + "port", "duplicate", "is already used by the " + listener.protocol().id()
                            + " listener '" + owner + "' (netctx.listeners." + owner + ".port)");
                }
            }
            if (listener.bufferSize().toBytes() <= 0 || listener.bufferSize().compareTo(MAX_BUFFER_SIZE) > 0) {
                errors.rejectValue(prefix + "buffer-size", "range", "must be from 1B to 16MB");
            }
            if (listener.idleTimeout().isNegative() || listener.idleTimeout().isZero()) {
                errors.rejectValue(prefix + "idle-timeout", "range", "must be more than 0, such as 30s or 5m");
            }
            if (listener.maxConnections() <= 0) {
                errors.rejectValue(prefix + "max-connections", "range", "must be at least 1");
            }
            if (listener.maxConnectionsPerSource() <= 0) {
                errors.rejectValue(prefix + "max-connections-per-source", "range", "must be at least 1");
            }
            if (listener.sendBufferSize() != null && (listener.sendBufferSize().toBytes() < 1024
                    || listener.sendBufferSize().compareTo(DataSize.ofMegabytes(64)) > 0)) {
                errors.rejectValue(prefix + "send-buffer-size", "range", "must be from 1KB to 64MB");
            }
            if (listener.minSourcePort() < 0 || listener.minSourcePort() > 65_535) {
                errors.rejectValue(prefix + "min-source-port", "range", "must be 0..65535 (0 answers every port)");
            }
            if (listener.mode() == ListenerMode.INFO && listener.proxyProtocol() != ProxyProtocolMode.OFF) {
                errors.rejectValue(prefix + "proxy-protocol", "unsupported",
                        "must be off on a listener whose mode is info (an info listener does not read PROXY protocol headers yet)");
            }
            ListenerSslProperties.validate(listener.protocol(), listener.ssl(), prefix + "ssl.", errors);
            if (listener.ssl().bundle() != null && listener.mode() == ListenerMode.INFO) {
                errors.rejectValue(prefix + "ssl.bundle", "unsupported",
                        "must be unset on a listener whose mode is info (an info listener answers in plain text)");
            }
            if (listener.ssl().bundle() != null && listener.protocol() == NetProtocol.UDP
                    && listener.proxyProtocol() != ProxyProtocolMode.OFF) {
                errors.rejectValue(prefix + "proxy-protocol", "unsupported",
                        "must be off on a udp listener with ssl.bundle (DTLS does not take PROXY protocol headers)");
            }
            if (listener.ssl().bundle() != null && listener.protocol() != null
                    && listener.impairment().affects(listener.protocol())) {
                errors.rejectValue(prefix + "impairment", "unsupported",
                        "must be off on a listener with ssl.bundle (the impairment works on plain sessions only)");
            }
            UdpRateLimit limit = listener.udpRateLimit();
            if (limit.rate() < 0) {
                errors.rejectValue(prefix + "udp-rate-limit.rate", "range",
                        "must be 0 (no limit) or more datagrams per second");
            }
            if (limit.burst() < 1) {
                errors.rejectValue(prefix + "udp-rate-limit.burst", "range", "must be at least 1 datagram");
            }
            if (limit.maxSources() < 1) {
                errors.rejectValue(prefix + "udp-rate-limit.max-sources", "range", "must be at least 1");
            }
            for (Impairment.Violation violation : listener.impairment().violations(listener.protocol())) {
                errors.rejectValue(prefix + "impairment." + violation.property(), "range", violation.message());
            }
        });
    }

    /**
     * One echo listener, {@code netctx.listeners.<name>}.
     * @param protocol Transport of the listener: tcp or udp.
     * @param bindAddress Address to listen on: IPv4 (0.0.0.0 for every IPv4 interface), IPv6 (:: for
     * every interface of both stacks) or a host name.
     * @param port Port to listen on; 0 for any free one.
     * @param bufferSize Read buffer of each TCP session (a UDP session always holds a whole datagram,
     * up to 64KB). At most 16MB.
     * @param idleTimeout How long a session may go without moving a byte before it is closed. A UDP
     * peer's session expires the same way.
     * @param maxConnections Most sessions open at once. Further connections (TCP) or peers (UDP) are
     * turned away.
     * @param maxConnectionsPerSource Most sessions open at once from one source address (addresses of
     * netctx.trusted-networks excepted). Further ones are turned away.
     * @param minSourcePort UDP: datagrams from a lower source port are dropped (ports of services such
     * as echo and chargen, which would answer back); 0 answers every port.
     * @param udpRateLimit UDP: replies that each source address gets.
     * @param sendBufferSize TCP: the kernel send buffer (SO_SNDBUF) of each session, 1KB to 64MB; unset
     * leaves it to the kernel, whose autotuning grows it to megabytes for a peer that does not read.
     * @param mode What the listener answers: echo (every byte back, RFC 862) or info (one JSON line per
     * TCP connection or UDP datagram: the host, the listener, the client as seen, the local address
     * and the bytes so far).
     * @param proxyProtocol Whether connections (TCP) or datagrams (UDP) start with a PROXY protocol
     * header announcing the client a load balancer relays: off, optional (a header is taken from
     * netctx.proxy-protocol.trusted-proxies, a plain connection too) or required (every connection
     * is from a trusted proxy and starts with a header). TCP takes v1 and v2, UDP v2 in each datagram.
     * @param impairment Faults injected into the echo of every session (delay, loss, bandwidth, resets);
     * off by default, changeable at run time through PUT /api/listeners/{name}/impairment.
     * @param ssl TLS (tcp) or DTLS (udp) on this listener: set ssl.bundle to turn it on.
     */
    public record Listener(@Nullable NetProtocol protocol, @DefaultValue("127.0.0.1") String bindAddress,
            @DefaultValue("4442") int port, @DefaultValue("64KB") DataSize bufferSize,
            @DefaultValue("5m") Duration idleTimeout, @DefaultValue("10000") int maxConnections,
            @DefaultValue("1000") int maxConnectionsPerSource, @DefaultValue("1024") int minSourcePort,
            @DefaultValue UdpRateLimit udpRateLimit, @Nullable DataSize sendBufferSize, @DefaultValue("echo") ListenerMode mode,
            @DefaultValue("off") ProxyProtocolMode proxyProtocol, @DefaultValue Impairment impairment,
            @DefaultValue ListenerSslProperties ssl) {
    }

    /**
     * The UDP reply rate limit of one listener, per source address, {@code netctx.listeners.<name>.udp-rate-limit}.
     * Sources in {@code netctx.trusted-networks} are exempt.
     * @param rate Datagrams per second answered on average; 0 for no limit.
     * @param burst Datagrams answered at once.
     * @param maxSources Most source addresses tracked at once (about 200 bytes each). When the table
     * is full of active sources, new ones are not answered.
     */
    public record UdpRateLimit(@DefaultValue("100") int rate, @DefaultValue("200") int burst,
            @DefaultValue("10000") int maxSources) {
    }

    /**
     * Who may send PROXY protocol headers, {@code netctx.proxy-protocol}.
     * @param trustedProxies Networks in CIDR notation (such as 10.0.0.0/8) of the load balancers whose
     * PROXY protocol headers are believed. A header from any other source is refused, and on a
     * listener whose proxy-protocol is required so is every connection. Loopback by default.
     * @param headerTimeout How long a connection may take to send its whole PROXY protocol header
     * before it is closed (at least the 3 s of a TCP retransmit, says the protocol).
     */
    public record ProxyProtocol(@DefaultValue({ "127.0.0.0/8", "::1/128" }) List<String> trustedProxies,
            @DefaultValue("5s") Duration headerTimeout) {

        public ProxyProtocol {
            trustedProxies = (trustedProxies != null) ? List.copyOf(trustedProxies) : List.of();
        }

        /** The trusted proxies, parsed (call after validation). */
        List<NetworkRange> trustedRanges() {
            return this.trustedProxies.stream().map(NetworkRange::parse).toList();
        }

        private void validate(Errors errors) {
            for (int i = 0; i < this.trustedProxies.size(); i++) {
                try {
                    NetworkRange.parse(this.trustedProxies.get(i));
                }
                catch (IllegalArgumentException ex) {
                    errors.rejectValue("proxy-protocol.trusted-proxies[" + i + "]", "cidr",
                            "must be a network in CIDR notation such as 10.0.0.0/8 or fd00::/8 (" + ex.getMessage() + ")");
                }
            }
            if (this.headerTimeout.isNegative() || this.headerTimeout.isZero()) {
                errors.rejectValue("proxy-protocol.header-timeout", "range", "must be more than 0, such as 5s");
            }
        }
    }
}
