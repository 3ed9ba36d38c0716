package dev.netctx.tls;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestTlsEchoServer} for each test of a class that registers this extension
 * ({@code @RegisterExtension}): started before the test, closed after it.
 */
public final class TlsEchoServerExtension implements BeforeEachCallback, AfterEachCallback {

    private @Nullable TestTlsEchoServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        this.server = TestTlsEchoServer.start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (this.server != null) {
            this.server.close();
            this.server = null;
        }
    }

    /** The running server's port. */
    public int port() {
        if (this.server == null) {
            throw new IllegalStateException("the TLS echo server runs during a test only");
        }
        return this.server.port();
    }
}
