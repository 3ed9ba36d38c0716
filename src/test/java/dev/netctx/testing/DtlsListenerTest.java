package dev.netctx.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The service with its {@code udp} listener over DTLS 1.2 (bundle {@code dtls}: the test server
 * certificate), a 4 s handshake timeout and retransmissions from 100 ms, both listeners on free
 * ports; shared by the tests so annotated (one application context).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0",
        "netctx.listeners.udp.ssl.bundle=dtls", "netctx.listeners.udp.ssl.handshake-timeout=4s",
        "netctx.listeners.udp.ssl.dtls.retransmit-min=100ms",
        "spring.ssl.bundle.pem.dtls.keystore.certificate=file:src/test/resources/tls/server.crt",
        "spring.ssl.bundle.pem.dtls.keystore.private-key=file:src/test/resources/tls/server.key" })
public @interface DtlsListenerTest {
}
