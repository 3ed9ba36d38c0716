package dev.netctx.net;

import static dev.netctx.net.NetTesting.portOf;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** Base of the port's tests: opens listeners and clients of one protocol on loopback, closes them after each test. */
abstract class ContextsUnderTest {

    private final List<NetContext> contexts = new ArrayList<>();

    private final NetProtocol protocol;

    ContextsUnderTest(NetProtocol protocol) {
        this.protocol = protocol;
    }

    @AfterEach
    void closeAll() {
        this.contexts.forEach(NetContext::close);
    }

    /** Closes {@code context} after the test. */
    NetContext track(NetContext context) {
        this.contexts.add(context);
        return context;
    }

    /** A listener bound to {@code ip} on a free port. */
    NetContext listen(String ip) throws NetException {
        NetContext listener = track(new NetContext());
        listener.bind(ip, 0, this.protocol);
        return listener;
    }

    /** A client connected to {@code listener} through {@code ip}. */
    NetContext connect(String ip, NetContext listener) throws NetException {
        NetContext client = track(new NetContext());
        client.connect(ip, portOf(listener), this.protocol);
        return client;
    }
}
