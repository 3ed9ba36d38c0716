package dev.netctx;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The netctx service: echo listeners on {@code dev.netctx.net} contexts, inspectable over HTTP. */
@SpringBootApplication
public class NetctxApplication {

    public static void main(String[] args) {
        SpringApplication.run(NetctxApplication.class, args);
    }
}
