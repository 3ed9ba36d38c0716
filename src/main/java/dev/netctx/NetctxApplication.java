package dev.netctx;

import java.util.Arrays;

import dev.netctx.bench.BenchCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The netctx service: echo listeners on {@code dev.netctx.net} contexts, inspectable over HTTP. */
@SpringBootApplication
public class NetctxApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("bench")) {
            System.exit(BenchCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(NetctxApplication.class, args);
    }
}
