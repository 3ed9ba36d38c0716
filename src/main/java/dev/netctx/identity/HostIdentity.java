package dev.netctx.identity;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * The host that netctx runs on, read once at start-up.
 * @param hostname the host name (in Kubernetes, the pod's name unless the pod sets another)
 * @param pod the pod's name, from {@value #POD_NAME}, or {@code null} outside Kubernetes
 * @param namespace the pod's namespace, from {@value #POD_NAMESPACE}
 * @param node the node the pod runs on, from {@value #NODE_NAME}
 */
public record HostIdentity(String hostname, @Nullable String pod, @Nullable String namespace, @Nullable String node) {

    /** The environment variable with the pod's name (the chart sets it from {@code metadata.name}). */
    public static final String POD_NAME = "POD_NAME";

    /** The environment variable with the pod's namespace ({@code metadata.namespace}). */
    public static final String POD_NAMESPACE = "POD_NAMESPACE";

    /** The environment variable with the node's name ({@code spec.nodeName}). */
    public static final String NODE_NAME = "NODE_NAME";

    /**
     * The identity of this host: its name as the system resolves it (or {@code HOSTNAME}), the pod,
     * namespace and node from {@code environment}, each {@code null} where unset or blank.
     */
    public static HostIdentity of(Environment environment) {
        return new HostIdentity(localHostName(environment), text(environment, POD_NAME),
                text(environment, POD_NAMESPACE), text(environment, NODE_NAME));
    }

    /** The fields that are known, in order: {@code hostname}, then {@code pod}, {@code namespace}, {@code node}. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("hostname", this.hostname);
        putIfKnown(map, "pod", this.pod);
        putIfKnown(map, "namespace", this.namespace);
        putIfKnown(map, "node", this.node);
        return map;
    }

    private static void putIfKnown(Map<String, String> map, String key, @Nullable String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String localHostName(Environment environment) {
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException ex) {
            String fromEnvironment = text(environment, "HOSTNAME");
            return (fromEnvironment != null) ? fromEnvironment : "localhost";
        }
    }

    private static @Nullable String text(Environment environment, String name) {
        String value = environment.getProperty(name);
        return (value == null || value.isBlank()) ? null : value.trim();
    }
}
