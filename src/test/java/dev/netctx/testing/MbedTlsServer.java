package dev.netctx.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.netctx.tls.TestCertificates;

/**
 * One of the project's mbed TLS 2.28 echo servers ({@code interop/mbedtls/tls_server.c} or
 * {@code dtls_server.c}, with what they share in {@code echo_server.c}, built by
 * {@link MbedTlsProgram}) running on a free port of 127.0.0.1 with the test server's key and
 * certificate, for a given number of connections: the original library as the server a netctx
 * client talks to. The port is the one the program prints once it listens.
 */
public final class MbedTlsServer implements AutoCloseable {

    private static final Pattern PORT = Pattern.compile("port (\\d+)");

    private static final Pattern SESSION = Pattern.compile("session \\d+: (\\S+) (\\S+)");

    private static final long WAIT_SECONDS = 30;

    private final Process process;

    private final StringBuffer output = new StringBuffer();

    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private final Thread reader;

    private MbedTlsServer(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "mbedtls-server-output");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Builds and starts {@code program} ({@code tls_server} or {@code dtls_server}) to serve
     * {@code connections} clients, and waits until it listens.
     */
    public static MbedTlsServer start(String program, int connections) throws IOException, InterruptedException {
        List<String> command = List.of(MbedTlsProgram.build(program, "echo_server").toString(), "0",
                TestCertificates.file("server.crt").toString(), TestCertificates.file("server.key").toString(),
                String.valueOf(connections));
        MbedTlsServer server = new MbedTlsServer(new ProcessBuilder(command).redirectErrorStream(true).start());
        server.port();
        return server;
    }

    /** The port it listens on. */
    public int port() throws InterruptedException {
        try {
            return this.port.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        catch (ExecutionException | TimeoutException ex) {
            close();
            throw new AssertionError("the mbed TLS server did not say its port: " + this.output, ex);
        }
    }

    /** Waits for it to exit after its last connection: its exit status and everything it printed. */
    public ExternalTool.Result awaitExit() throws InterruptedException {
        if (!this.process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            close();
            throw new AssertionError("the mbed TLS server did not exit within " + WAIT_SECONDS + " s: " + this.output);
        }
        this.reader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        return new ExternalTool.Result(this.process.exitValue(), this.output.toString());
    }

    /**
     * The protocol and cipher suite of a session in the server's {@code output}, in JSSE's spelling
     * ({@code DTLSv1.2}, {@code TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384}); mbed TLS writes the suite
     * with dashes.
     */
    public static List<String> negotiated(String output) {
        Matcher session = SESSION.matcher(output);
        if (!session.find()) {
            throw new AssertionError("no session in the mbed TLS server's output: " + output);
        }
        return List.of(session.group(1), session.group(2).replace('-', '_'));
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(this.process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                this.output.append(line).append('\n');
                Matcher matcher = PORT.matcher(line);
                if (!this.port.isDone() && matcher.matches()) {
                    this.port.complete(Integer.valueOf(matcher.group(1)));
                }
            }
        }
        catch (IOException ex) {
            // the process is gone
        }
        this.port.completeExceptionally(new IOException("the output ended"));
    }

    @Override
    public void close() {
        this.process.destroyForcibly();
    }
}
