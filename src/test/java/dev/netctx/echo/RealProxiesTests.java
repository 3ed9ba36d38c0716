package dev.netctx.echo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextRegistry;
import dev.netctx.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.netctx.proxy.ProxyHeaders.ascii;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PROXY protocol against proxies nobody here wrote: HAProxy ({@code send-proxy} for v1,
 * {@code send-proxy-v2} for v2 on its server lines) and nginx's stream module ({@code proxy_protocol on},
 * v1), in front of the {@code required} TCP listener. A client connects to the proxy from 127.0.0.3;
 * its echo is exactly what it sent, and {@code /api/contexts} lists it as the remote and the proxy's
 * own connection (from 127.0.0.1) as the proxy.
 */
@ProxyProtocolTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealProxiesTests {

    private static final ExternalTool HAPROXY = new ExternalTool("haproxy", "haproxy");

    private static final ExternalTool NGINX = new ExternalTool("nginx", "nginx");

    private static final Path NGINX_STREAM_MODULE = Path.of("/usr/lib/nginx/modules/ngx_stream_module.so");

    private static final Path WORK = Path.of("target", "real-proxies");

    @Autowired
    private ContextRegistry registry;

    @Autowired
    private RestTestClient http;

    @Test
    void haproxySendProxyAndSendProxyV2() throws Exception {
        int netctx = Peers.address(this.registry, "tcp").getPort();
        Path directory = WORK.resolve("haproxy");
        try (ExternalProxy haproxy = ExternalProxy.start(HAPROXY, directory, 2, (ports) -> {
            Path config = write(directory.resolve("haproxy.cfg"), """
                    defaults
                        mode tcp
                        timeout connect 5s
                        timeout client 30s
                        timeout server 30s
                    frontend v1
                        bind 127.0.0.1:%d
                        default_backend netctx-v1
                    frontend v2
                        bind 127.0.0.1:%d
                        default_backend netctx-v2
                    backend netctx-v1
                        server echo 127.0.0.1:%d send-proxy
                    backend netctx-v2
                        server echo 127.0.0.1:%d send-proxy-v2
                    """.formatted(ports.get(0), ports.get(1), netctx, netctx));
            return List.of("-db", "-f", config.toString());
        })) {
            assertEchoAndListing(haproxy.port(0), "HAProxy send-proxy");
            assertEchoAndListing(haproxy.port(1), "HAProxy send-proxy-v2");
        }
    }

    @Test
    void nginxStreamProxyProtocol() throws Exception {
        if (!Files.isRegularFile(NGINX_STREAM_MODULE)) {
            ExternalTool.unavailable("nginx's stream module is not installed (Debian package libnginx-mod-stream)");
        }
        int netctx = Peers.address(this.registry, "tcp").getPort();
        Path directory = WORK.resolve("nginx").toAbsolutePath();
        try (ExternalProxy nginx = ExternalProxy.start(NGINX, directory, 1, (ports) -> {
            Path config = write(directory.resolve("nginx.conf"), """
                    load_module %s;
                    pid %s;
                    error_log %s info;
                    worker_processes 1;
                    events {
                        worker_connections 64;
                    }
                    stream {
                        server {
                            listen 127.0.0.1:%d;
                            proxy_pass 127.0.0.1:%d;
                            proxy_protocol on;
                        }
                    }
                    """.formatted(NGINX_STREAM_MODULE, directory.resolve("nginx.pid"), directory.resolve("error.log"),
                    ports.get(0), netctx));
            return List.of("-p", directory.toString(), "-e", directory.resolve("error.log").toString(), "-c",
                    config.toString(), "-g", "daemon off;");
        })) {
            assertEchoAndListing(nginx.port(0), "nginx proxy_protocol");
        }
    }

    /** A client on 127.0.0.3 through the proxy on {@code port}: its echo, and its session as REST lists it. */
    private void assertEchoAndListing(int port, String proxy) throws IOException {
        byte[] payload = ascii("through " + proxy + "\n");
        try (Peers.Tcp client = Peers.tcpFrom(InetAddress.getByName("127.0.0.3"),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            assertThat(client.echo(payload)).as(proxy).isEqualTo(payload);
            ContextInfo session = new ProxiedSessions(this.http).awaitClient("127.0.0.3:" + client.localPort());
            assertThat(session.proxy()).as(proxy).startsWith("127.0.0.1:");
            assertThat(session.bytesSent()).as("%s: the echo, not the header", proxy).isEqualTo(payload.length);
            assertThat(session.bytesReceived()).as("%s: the header and the payload", proxy).isGreaterThan(payload.length);
        }
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
