package dev.netctx.echo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The service with PROXY protocol listeners on free ports, shared by the tests so annotated (one
 * application context): {@code tcp} and {@code udp} require a header, {@code optional} (TCP) takes
 * one; only 127.0.0.1 and ::1 are trusted proxies (127.0.0.2 is not); a header must be whole
 * within 1 s; one session per announced client address on {@code tcp}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.tcp.proxy-protocol=required",
                "netctx.listeners.tcp.max-connections-per-source=1", "netctx.listeners.udp.port=0",
                "netctx.listeners.udp.proxy-protocol=required", "netctx.listeners.optional.protocol=tcp",
                "netctx.listeners.optional.port=0", "netctx.listeners.optional.proxy-protocol=optional",
                "netctx.proxy-protocol.trusted-proxies=127.0.0.1/32, ::1/128",
                "netctx.proxy-protocol.header-timeout=1s" })
@AutoConfigureRestTestClient
@interface ProxyProtocolTest {
}
