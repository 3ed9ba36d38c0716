package dev.netctx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code java -jar netctx.jar [server] [--name=value ...]}: starts the service with the Spring Boot
 * properties given, and returns while it runs.
 */
@Command(name = "server", header = "Starts the service (the default command).", customSynopsis = "netctx.jar [server] [--<property>=<value>...]",
        description = { "Starts the netctx service: the echo listeners and the HTTP side (live page, REST API, actuator). "
                + "It is the default command: 'java -jar netctx.jar' and 'java -jar netctx.jar --server.port=9090' start it too.",
            "",
            "It takes Spring Boot properties, each as one --<property>=<value> argument, for example:",
            "  --netctx.listeners.tcp.port=4443          the TCP echo listener's port (0: any free port)",
            "  --netctx.listeners.udp.bind-address=::1   the address the UDP echo listener binds",
            "  --server.port=8080                        the HTTP port of the live page and REST API",
            "The same properties can be set in application.properties, as NETCTX_LISTENERS_TCP_PORT=4443 "
                + "environment variables, and so on, as Spring Boot reads them. docs/configuration.md lists "
                + "every netctx property.",
            "" },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = { "0:the service started (it runs until it is stopped), or --help / --version",
            "1:the service failed to start (its log says why)", "2:an argument that is not --<property>=<value>" })
final class ServerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Unmatched
    private final List<String> properties = new ArrayList<>();

    private @Nullable ConfigurableApplicationContext context;

    @Override
    public Integer call() {
        for (String property : this.properties) {
            if (!property.startsWith("--")) {
                throw new ParameterException(this.spec.commandLine(), "The server takes Spring Boot properties as "
                        + "--<property>=<value>, got '" + property + "' (JVM options such as -Xmx go before -jar)");
            }
        }
        try {
            this.context = SpringApplication.run(NetctxApplication.class, this.properties.toArray(String[]::new));
            return 0;
        }
        catch (RuntimeException ex) {
            return 1; // Spring Boot has logged why the start-up failed
        }
    }

    /** Whether the service was started (and runs until its context is closed). */
    boolean started() {
        return this.context != null;
    }
}
