package dev.netctx.net;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.InetSocketAddress;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shared assertions and helpers for the port's tests. */
final class NetTesting {

    private NetTesting() {
    }

    /** Asserts that {@code call} throws a {@link NetException} carrying {@code error}. */
    static NetException assertNetError(NetError error, ThrowingCallable call) {
        return assertThatExceptionOfType(NetException.class).isThrownBy(call)
            .matches(ex -> ex.error() == error, "carries " + error)
            .actual();
    }

    /** The port a context is bound to. */
    static int portOf(NetContext context) {
        return ((InetSocketAddress) context.localAddress()).getPort();
    }
}
