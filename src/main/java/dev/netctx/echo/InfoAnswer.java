package dev.netctx.echo;

import java.util.Map;

import dev.netctx.context.ContextInfo;
import dev.netctx.context.TrackedContext;
import dev.netctx.identity.HostIdentity;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answer of an info listener ({@code mode: info}), one JSON line:
 * {@code {"host":{"hostname":..,"pod":..},"listener":"info","protocol":"tcp","client":"10.1.2.3:50000",
 * "local":"10.0.0.5:4443","received":0,"sent":0}\n}, where {@code client} is the peer as this
 * listener sees it (a load balancer's address unless it keeps the client's) and {@code received} and
 * {@code sent} count the session's bytes so far (a UDP peer's datagram included).
 */
final class InfoAnswer {

    private final JsonMapper json;

    private final Map<String, String> host;

    private final String listener;

    InfoAnswer(JsonMapper json, HostIdentity host, String listener) {
        this.json = json;
        this.host = host.toMap();
        this.listener = listener;
    }

    /** The line for {@code session} now, newline included. */
    byte[] line(TrackedContext session) {
        ContextInfo info = session.info();
        byte[] object = this.json.writeValueAsBytes(new Line(this.host, this.listener, info.protocol().id(),
                info.remote(), info.local(), info.bytesReceived(), info.bytesSent()));
        byte[] line = new byte[object.length + 1];
        System.arraycopy(object, 0, line, 0, object.length);
        line[object.length] = '\n';
        return line;
    }

    /** The fields of a line, in order. */
    record Line(Map<String, String> host, String listener, String protocol, String client, String local, long received,
            long sent) {
    }
}
