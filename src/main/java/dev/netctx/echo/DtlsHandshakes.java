package dev.netctx.echo;

import dev.netctx.context.TrackedContext;
import dev.netctx.tls.DtlsContext;

/** What becomes of DTLS handshakes: for the inspection and the handshake metrics. */
interface DtlsHandshakes {

    /** A session's handshake completed. */
    void succeeded(TrackedContext session, DtlsContext dtls);

    /** A HelloVerifyRequest was sent (a ClientHello without a valid cookie: nothing kept). */
    void helloVerifyRequested();

    /** A session's handshake failed: {@code result} is the failure class (a metric tag). */
    void failed(TrackedContext session, String result, DtlsContext dtls);
}
