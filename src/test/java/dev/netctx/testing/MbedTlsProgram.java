package dev.netctx.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A C program of {@code interop/mbedtls/} built against Debian's mbed TLS 2.28 ({@code libmbedtls-dev})
 * with gcc into {@code target/interop/}, once per test run: the original library as a peer of the
 * port. Follows {@link ExternalTool}'s rule: skipped where gcc or the library is missing, failing under CI.
 */
public final class MbedTlsProgram {

    private static final ExternalTool GCC = new ExternalTool("gcc", "gcc");

    private static final Path HEADER = Path.of("/usr/include/mbedtls/ssl.h");

    private static final Map<String, Path> built = new ConcurrentHashMap<>();

    private MbedTlsProgram() {
    }

    /**
     * The built program {@code interop/mbedtls/<name>.c}, compiled on first use together with the
     * files {@code interop/mbedtls/<with>.c} it shares code with (such as {@code echo_server}).
     */
    public static Path build(String name, String... with) throws IOException, InterruptedException {
        Path found = built.get(name);
        if (found != null) {
            return found;
        }
        GCC.require();
        if (!Files.isRegularFile(HEADER)) {
            ExternalTool.unavailable("mbed TLS's headers are not installed (Debian package libmbedtls-dev)");
        }
        Path output = Path.of("target", "interop", name).toAbsolutePath();
        Files.createDirectories(output.getParent());
        List<String> arguments = new ArrayList<>(List.of("-Wall", "-Wextra", "-Werror", "-O1", "-o", output.toString()));
        Stream.concat(Stream.of(name), Stream.of(with)).map(MbedTlsProgram::source).forEach(arguments::add);
        arguments.addAll(List.of("-lmbedtls", "-lmbedx509", "-lmbedcrypto"));
        ExternalTool.Result result = GCC.run(arguments.toArray(String[]::new));
        if (result.exitCode() != 0) {
            throw new AssertionError("gcc could not build interop/mbedtls/" + name + ".c:\n" + result.output());
        }
        built.put(name, output);
        return output;
    }

    private static String source(String name) {
        return Path.of("interop", "mbedtls", name + ".c").toAbsolutePath().toString();
    }
}
