package dev.netctx;

import org.springframework.test.web.servlet.client.RestTestClient;

/** A client of a running service's management port (actuator), which is apart from the traffic's port. */
public final class ManagementPort {

    private ManagementPort() {
    }

    /** A client of the actuator on {@code 127.0.0.1:port} (the {@code @LocalManagementPort}). */
    public static RestTestClient client(int port) {
        return RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }
}
