package dev.netctx.client;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import dev.netctx.net.NetProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The client against working echo servers: the port's own (as netctx runs it), and one that echoes byte by byte. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EchoClientAgainstEchoServerTests {

    @ParameterizedTest
    @EnumSource(NetProtocol.class)
    void interactiveSessionShowsTheOriginalPromptsAndEndsAtQuit(NetProtocol protocol) throws Exception {
        try (PortEchoServer server = PortEchoServer.start(protocol)) {
            ClientRun run = ClientRun.of("Hello, from Client1.\nHello, from Client2.\nquit\nnever sent\n",
                    protocol.id(), "--port", String.valueOf(server.port()), "--interactive");

            assertThat(run.outLines()).containsExactly(
                    "Starting " + protocol + " CLIENT...",
                    "Trying to connect to server at 127.0.0.1:" + server.port() + "...",
                    "Connected to server.",
                    "Enter message:",
                    "Response received: Hello, from Client1.",
                    "Enter message:",
                    "Response received: Hello, from Client2.",
                    "Enter message:");
            assertThat(run.err()).isEmpty();
            assertThat(run.status()).isZero();
        }
    }

    @Test
    void interactiveSessionEndsCleanlyAtEndOfInput() throws Exception {
        try (PortEchoServer server = PortEchoServer.start(NetProtocol.TCP)) {
            ClientRun run = ClientRun.of("only line", "tcp", "--port", String.valueOf(server.port()), "--interactive");

            assertThat(run.outLines()).endsWith("Enter message:", "Response received: only line", "Enter message:");
            assertThat(run.err()).isEmpty();
            assertThat(run.status()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(NetProtocol.class)
    void scriptedSessionPrintsOnlyTheEchoedLines(NetProtocol protocol) throws Exception {
        try (PortEchoServer server = PortEchoServer.start(protocol)) {
            ClientRun run = ClientRun.of("alpha\r\n\nquit\nnon-ASCII: ça va ✓\nlast line without newline",
                    protocol.id(), "--port", String.valueOf(server.port()), "--no-interactive");

            assertThat(run.out()).isEqualTo("alpha\n\nquit\nnon-ASCII: ça va ✓\nlast line without newline\n");
            assertThat(run.err()).isEmpty();
            assertThat(run.status()).isZero();
        }
    }

    @Test
    void withoutATerminalTheClientIsScriptedByDefault() throws Exception {
        try (PortEchoServer server = PortEchoServer.start(NetProtocol.UDP)) {
            ClientRun run = ClientRun.of("one\ntwo\n", "udp", "--port", String.valueOf(server.port()));

            assertThat(run.outLines()).containsExactly("one", "two");
            assertThat(run.status()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(NetProtocol.class)
    void payloadRunVerifiesEveryEchoAndPrintsRoundTripFigures(NetProtocol protocol) throws Exception {
        try (PortEchoServer server = PortEchoServer.start(protocol)) {
            ClientRun run = ClientRun.of("", protocol.id(), "--port", String.valueOf(server.port()),
                    "--count", "200", "--size", "1200");

            assertThat(run.outLines()).hasSize(3);
            assertThat(run.outLines().get(0)).isEqualTo("200 payloads of 1200 random bytes echoed byte for byte by 127.0.0.1:"
                    + server.port() + " over " + protocol);
            assertThat(run.outLines().get(1))
                    .matches("round trip: min \\d+\\.\\d{3} ms, p50 \\d+\\.\\d{3} ms, p99 \\d+\\.\\d{3} ms, max \\d+\\.\\d{3} ms");
            assertThat(run.outLines().get(2))
                    .matches("throughput: \\d+ round trips/s, \\d+\\.\\d{2} MiB/s each way \\(200 in \\d+\\.\\d{3} s\\)");
            assertThat(run.err()).isEmpty();
            assertThat(run.status()).isZero();
        }
    }

    @Test
    void tcpPayloadLargerThanTheSocketBuffersIsSentWhileItsEchoIsRead() throws Exception {
        try (PortEchoServer server = PortEchoServer.start(NetProtocol.TCP)) {
            ClientRun run = ClientRun.of("", "tcp", "--port", String.valueOf(server.port()),
                    "--count", "2", "--size", String.valueOf(8 << 20), "--timeout", "60s");

            assertThat(run.err()).isEmpty();
            assertThat(run.outLines().get(0)).startsWith("2 payloads of 8388608 random bytes echoed byte for byte");
            assertThat(run.status()).isZero();
        }
    }

    @Test
    void largestUdpPayloadFitsOneDatagram() throws Exception {
        try (PortEchoServer server = PortEchoServer.start(NetProtocol.UDP)) {
            ClientRun run = ClientRun.of("", "udp", "--port", String.valueOf(server.port()), "--count", "3", "--size", "65507");

            assertThat(run.err()).isEmpty();
            assertThat(run.status()).isZero();
        }
    }

    @Test
    void tcpEchoArrivingByteByByteIsReassembled() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.tcp(socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            socket.setTcpNoDelay(true);
            int b;
            while ((b = in.read()) >= 0) {
                out.write(b);
                out.flush();
            }
        })) {
            byte[] line = new byte[3000];
            Arrays.fill(line, (byte) 'x');
            String input = new String(line) + "\nshort\n";
            ClientRun run = ClientRun.of(input, "tcp", "--port", String.valueOf(server.port()), "--no-interactive");

            assertThat(run.out()).isEqualTo(input);
            assertThat(run.status()).isZero();
        }
    }
}
