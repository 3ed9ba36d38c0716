package dev.netctx;

import dev.netctx.cli.StandardStreams;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The netctx service: echo listeners on {@code dev.netctx.net} contexts, inspectable over HTTP.
 *
 * <p>{@link #main} is the jar's command line ({@link NetctxCommand}): no argument, {@code server}, or
 * Spring Boot properties only ({@code --name=value}) start the service; {@code client}, {@code bench}
 * and {@code soak} run and exit with their status, and so do {@code --help} and {@code --version}.
 */
@SpringBootApplication
public class NetctxApplication {

    public static void main(String[] args) {
        NetctxCommand.run(StandardStreams.system(), args).ifPresent(System::exit);
    }
}
