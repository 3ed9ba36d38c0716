/**
 * Hostile-peer checks of a running netctx, apart from the soak test: {@link SlowHttpCheck} holds
 * thousands of slowloris clients on the traffic port and asks the liveness probe on the management
 * port meanwhile. Plain JDK sockets, independent of the code under test.
 */
@NullMarked
package dev.netctx.hostile;

import org.jspecify.annotations.NullMarked;
