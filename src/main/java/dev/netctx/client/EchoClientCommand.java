package dev.netctx.client;

import java.io.BufferedInputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

import dev.netctx.cli.DataSizeConverter;
import dev.netctx.cli.DurationConverter;
import dev.netctx.cli.StandardStreams;
import dev.netctx.net.NetContext;
import dev.netctx.net.NetProtocol;
import dev.netctx.tls.TlsConfig;
import dev.netctx.tls.TlsException;
import org.springframework.util.unit.DataSize;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code java -jar netctx.jar client tcp|udp [options]}: the echo client. Interactive, it behaves as
 * the original client; with standard input piped, it prints the echoed lines only; with
 * {@code --count}, it sends random payloads, verifies every echo and prints round-trip figures.
 * Errors are one line on standard error, with the mbed TLS error name and code where there is one;
 * a failure during the echoes says how many succeeded first.
 */
@Command(name = "client", sortOptions = false,
        header = "The echo client: lines of standard input, or verified random payloads, over TCP or UDP "
            + "(with --tls: TLS or DTLS 1.2).",
        footer = { "", DurationConverter.HELP, DataSizeConverter.HELP },
        description = {
            "Sends each line of standard input to an echo server and prints its echo, or with --count sends "
                + "random payloads; every echo must come back byte for byte. Each line is sent with its newline: "
                + "over TCP its echo may arrive in several reads, over UDP the line is one datagram.",
            "With --tls it talks TLS 1.3 or 1.2 over tcp and DTLS 1.2 over udp; a DTLS handshake sends its "
                + "flights again while the server does not answer (after 1 s, then 2 s, ...) until --timeout.",
            "Interactively it prompts 'Enter message:' and ends at end of input or 'quit'; with standard "
                + "input piped it prints only the echoed lines and ends at end of input.",
            "" },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every echo came back byte for byte (end of input, quit, --count done), or --help / --version",
            "1:the connection failed or was lost, or no echo came within the timeout",
            "2:a wrong option, value or protocol",
            "3:an echo differed from what was sent" })
public final class EchoClientCommand implements Callable<Integer> {

    /** Exit status: every echo came back byte for byte. */
    public static final int EXIT_OK = 0;

    /** Exit status: the connection failed or was lost, or no echo came within the timeout. */
    public static final int EXIT_NETWORK = 1;

    /** Exit status: a wrong option, value or protocol (usage is printed). */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    /** Exit status: an echo differed from what was sent. */
    public static final int EXIT_MISMATCH = 3;

    /** The largest TCP payload {@code --size} accepts (the client holds a payload and its echo in memory). */
    static final int MAX_TCP_SIZE = 16 << 20;

    /**
     * The largest DTLS payload {@code --size} accepts: a record's largest plaintext (mbed TLS's
     * {@code MBEDTLS_SSL_OUT_CONTENT_LEN}, 16 KiB). A payload goes out at once as records of at most
     * the MTU each, and DTLS sends nothing again: this keeps the burst to a dozen datagrams.
     */
    static final int MAX_DTLS_SIZE = 16_384;

    /** The longest {@code --timeout}: a socket timeout is an {@code int} of milliseconds. */
    private static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "tcp|udp", converter = ProtocolConverter.class,
            description = "the transport: tcp or udp")
    private NetProtocol protocol;

    @Option(names = "--host", paramLabel = "<host>", defaultValue = "127.0.0.1",
            description = "the server's host name or IP address (default: ${DEFAULT-VALUE})")
    private String host;

    @Option(names = "--port", paramLabel = "<port>", defaultValue = "4442",
            description = "the server's port, 1..65535 (default: ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--timeout", paramLabel = "<time>", defaultValue = "5s", converter = DurationConverter.class,
            description = "how long to wait for the TCP connection, for the TLS or DTLS handshake and for each echo: "
                + "e.g. 250ms, 5s, 1m "
                + "(default: ${DEFAULT-VALUE})")
    private Duration timeout;

    @Option(names = "--interactive", negatable = true,
            description = "prompt for each line and print the original client's banner; by default on when "
                + "standard input and output are a terminal, off when piped")
    private @Nullable Boolean interactive;

    @ArgGroup(exclusive = false)
    private @Nullable Payloads payloads;

    @ArgGroup(exclusive = false, heading = "%nTLS:%n")
    private ClientTlsOptions tls = new ClientTlsOptions();

    private final InputStream in;

    private final PrintStream out;

    private final PrintStream err;

    /** A client that reads lines from {@code streams.in()} and prints on the others. */
    public EchoClientCommand(StandardStreams streams) {
        this.in = streams.in();
        this.out = streams.out();
        this.err = streams.err();
    }

    @Override
    public Integer call() {
        validate();
        boolean prompts = (this.interactive != null) ? this.interactive : terminalAttached();
        if (prompts) {
            this.out.println("Starting " + this.protocol + " CLIENT...");
            this.out.println("Trying to connect to server at " + EchoConnection.serverAddress(this.host, this.port) + "...");
        }
        try (EchoConnection connection = connect()) {
            if (prompts) {
                this.out.println("Connected to server.");
            }
            if (connection.tlsSession() != null && (prompts || this.payloads != null)) {
                this.out.println("TLS: " + ClientTlsOptions.describe(connection.tlsSession()));
            }
            if (this.payloads != null) {
                int size = (int) this.payloads.size.toBytes();
                RoundTrips trips = new PayloadRun(connection, new SplittableRandom()).run(this.payloads.count, size);
                this.out.printf(Locale.ROOT, "%d payloads of %d random bytes echoed byte for byte by %s over %s%n",
                        trips.count(), size, connection.server(), this.protocol);
                trips.summary().forEach(this.out::println);
            }
            else {
                new LineSession(connection, prompts).run(new BufferedInputStream(this.in), this.out);
            }
            return EXIT_OK;
        }
        catch (EchoFailure ex) {
            this.out.flush();
            this.err.println(ex.getMessage());
            return ex.exitStatus();
        }
        catch (IOException ex) {
            this.err.println("Couldn't read standard input: " + ex.getMessage());
            return EXIT_NETWORK;
        }
    }

    private EchoConnection connect() throws EchoFailure {
        if (!this.tls.enabled()) {
            return EchoConnection.open(this.protocol, this.host, this.port, this.timeout);
        }
        boolean dtls = this.protocol == NetProtocol.UDP;
        TlsConfig config;
        try {
            config = this.tls.config(this.err, dtls ? "DTLS" : "TLS");
        }
        catch (TlsException ex) {
            throw EchoFailure.network("Couldn't set up " + (dtls ? "DTLS" : "TLS") + ": " + ex.getMessage());
        }
        String serverName = this.tls.serverName(this.host);
        return dtls ? EchoConnection.openDtls(this.host, this.port, this.timeout, config, serverName)
                : EchoConnection.openTls(this.host, this.port, this.timeout, config, serverName);
    }

    private void validate() {
        String tlsProblem = this.tls.problem();
        if (tlsProblem != null) {
            throw usage(tlsProblem);
        }
        if (this.port < 1 || this.port > 65_535) {
            throw usage("--port must be 1..65535, got " + this.port);
        }
        if (this.timeout.toMillis() < 1 || this.timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw usage("--timeout must be 1ms to 24 days, got " + this.timeout);
        }
        if (this.payloads != null) {
            int maxSize = (this.protocol == NetProtocol.TCP) ? MAX_TCP_SIZE
                    : this.tls.enabled() ? MAX_DTLS_SIZE : NetContext.MAX_DATAGRAM_SIZE;
            if (this.payloads.count < 1) {
                throw usage("--count must be 1 or more, got " + this.payloads.count);
            }
            long size = this.payloads.size.toBytes();
            if (size < 1 || size > maxSize) {
                throw usage("--size must be 1.." + maxSize + " bytes over " + this.protocol
                        + (this.tls.enabled() && this.protocol == NetProtocol.UDP ? " with --tls (DTLS)" : "")
                        + ", got " + size);
            }
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(this.spec.commandLine(), message);
    }

    /**
     * Whether the client talks to a terminal: {@code System.console()} exists, and on Java 22 and
     * later (where it exists even when the streams are redirected) {@code Console.isTerminal()} says so.
     */
    private static boolean terminalAttached() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        }
        catch (ReflectiveOperationException ex) {
            return true;
        }
    }

    /** {@code --count} and {@code --size}: given together, a payload run instead of lines. */
    static final class Payloads {

        @Option(names = "--count", paramLabel = "<n>", required = true,
                description = "send n payloads of random bytes instead of reading lines, verify each echo "
                    + "and print round-trip times (min/p50/p99/max) and throughput")
        int count;

        @Option(names = "--size", paramLabel = "<size>", defaultValue = "64B", converter = DataSizeConverter.class,
                description = "the payload size for --count: e.g. 64B, 16KB, 1MB (default: ${DEFAULT-VALUE}; at most "
                    + NetContext.MAX_DATAGRAM_SIZE + " bytes over UDP, " + MAX_DTLS_SIZE + " over UDP with --tls, 16MB "
                    + "over TCP)")
        DataSize size;
    }

    /** {@code tcp} or {@code udp}, in any case. */
    static final class ProtocolConverter implements ITypeConverter<NetProtocol> {

        @Override
        public NetProtocol convert(String value) {
            try {
                return NetProtocol.parse(value);
            }
            catch (IllegalArgumentException ex) {
                throw new TypeConversionException(ex.getMessage());
            }
        }
    }
}
