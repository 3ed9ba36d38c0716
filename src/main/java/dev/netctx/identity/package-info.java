/**
 * Who answered: the host netctx runs on ({@link dev.netctx.identity.HostIdentity}: its host name and,
 * in Kubernetes, the pod, namespace and node that the chart passes in through the downward API),
 * shown by {@code /actuator/info}, {@code /api/info}, the live page and the info listeners.
 */
@NullMarked
package dev.netctx.identity;

import org.jspecify.annotations.NullMarked;
