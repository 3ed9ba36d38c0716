package dev.netctx.echo;

import dev.netctx.net.NetError;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a listener that cannot bind as Boot explains a web server port in use: cause and action, no stack trace. */
class ListenerBindFailureAnalyzer extends AbstractFailureAnalyzer<ListenerBindException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ListenerBindException cause) {
        String prefix = "netctx.listeners." + cause.listener();
        String action = (cause.netException().error() == NetError.UNKNOWN_HOST)
                ? "Set " + prefix + ".bind-address to an address of this host (e.g. 127.0.0.1, 0.0.0.0 or ::)."
                : "Stop whatever uses that address and port, or set " + prefix + ".port (0 for any free port) or "
                        + prefix + ".bind-address to another value.";
        return new FailureAnalysis(cause.getMessage(), action, cause);
    }
}
