package dev.netctx;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The whole service on free ports (HTTP and listeners), with the Prometheus registry and closing
 * enabled for user {@value #USERNAME} and token {@value #TOKEN}. Every test class so annotated
 * shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0",
                "netctx.security.username=" + LiveServiceTest.USERNAME,
                "netctx.security.password=" + LiveServiceTest.PASSWORD, "netctx.security.token=" + LiveServiceTest.TOKEN })
@AutoConfigureMetrics
@AutoConfigureRestTestClient
public @interface LiveServiceTest {

    /** The HTTP Basic user that may close contexts. */
    String USERNAME = "operator";

    /** Its password. */
    String PASSWORD = "open-sesame";

    /** The bearer token that may close contexts. */
    String TOKEN = "live-test-token";
}
