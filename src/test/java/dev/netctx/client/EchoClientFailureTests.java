package dev.netctx.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client against servers that misbehave (close early, never answer, answer wrong bytes) and
 * against nothing at all: one clear line on standard error, the right exit status, never a hang.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EchoClientFailureTests {

    @Test
    void tcpWithNothingListeningCannotConnect() throws IOException {
        int port = freeTcpPort();

        ClientRun run = ClientRun.of("hello\n", "tcp", "--port", String.valueOf(port));

        assertThat(run.errLines()).singleElement().asString()
                .startsWith("Couldn't connect to server at 127.0.0.1:" + port + ": CONNECT_FAILED (-0x0044)");
        assertThat(run.out()).isEmpty();
        assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_NETWORK);
    }

    @Test
    void interactiveClientThatCannotConnectShowsHowFarItGot() throws IOException {
        int port = freeTcpPort();

        ClientRun run = ClientRun.of("", "tcp", "--port", String.valueOf(port), "--interactive");

        assertThat(run.outLines()).containsExactly("Starting TCP CLIENT...", "Trying to connect to server at 127.0.0.1:" + port + "...");
        assertThat(run.errLines()).singleElement().asString().contains("CONNECT_FAILED (-0x0044)");
        assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_NETWORK);
    }

    @Test
    void udpWithNothingListeningReportsRefusalOrTimeout() throws IOException {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }

        ClientRun run = ClientRun.of("hello\n", "udp", "--port", String.valueOf(port), "--timeout", "2s");

        assertThat(run.errLines()).singleElement().asString().satisfiesAnyOf(
                line -> assertThat(line).isEqualTo("FAILED after 0 echoes: Server at 127.0.0.1:" + port
                        + " refused the datagram (ICMP port unreachable: nothing listening?): RECV_FAILED (-0x004C)"),
                line -> assertThat(line).isEqualTo("FAILED after 0 echoes: No echo from server at 127.0.0.1:" + port + " within 2 s: "
                        + "TIMEOUT (-0x6800); if that port is a DTLS listener, add --tls"));
        assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_NETWORK);
    }

    @Test
    void tcpServerThatClosesEarlyEndsTheClient() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.tcp(socket -> {
            readLine(socket.getInputStream());
            socket.getOutputStream().write("hel".getBytes(StandardCharsets.US_ASCII));
        })) {
            ClientRun run = ClientRun.of("hello\nworld\n", "tcp", "--port", String.valueOf(server.port()));

            assertThat(run.errLines()).containsExactly(
                    "FAILED after 0 echoes: Server at 127.0.0.1:" + server.port() + " closed the connection (3 of 6 bytes came back)");
            assertThat(run.out()).isEmpty();
            assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_NETWORK);
        }
    }

    @Test
    void tcpServerThatNeverAnswersTimesOut() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.tcp(socket -> socket.getInputStream().readAllBytes())) {
            ClientRun run = ClientRun.of("hello\n", "tcp", "--port", String.valueOf(server.port()), "--timeout", "300ms");

            assertThat(run.errLines()).containsExactly("FAILED after 0 echoes: No echo from server at 127.0.0.1:"
                    + server.port() + " within 300 ms (0 of 6 bytes came back): TIMEOUT (-0x6800)");
            assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_NETWORK);
        }
    }

    @Test
    void tcpServerThatAnswersWrongBytesIsAMismatch() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.tcp(socket -> {
            String line = readLine(socket.getInputStream());
            socket.getOutputStream().write((line.toUpperCase() + "\n").getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
        })) {
            ClientRun run = ClientRun.of("hello\nworld\n", "tcp", "--port", String.valueOf(server.port()), "--interactive");

            assertThat(run.outLines()).endsWith("Enter message:", "Response received: HELLO");
            assertThat(run.errLines()).containsExactly("FAILED after 0 echoes: Echo of line 1 from server at 127.0.0.1:"
                    + server.port() + " differs from what was sent (6 bytes sent, 6 came back, first difference at byte 0)");
            assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_MISMATCH);
        }
    }

    @Test
    void payloadRunStopsAtTheFirstWrongEcho() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.tcp(socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] payload = in.readNBytes(100);
            payload[10] ^= 1;
            out.write(payload);
            in.readAllBytes();
        })) {
            ClientRun run = ClientRun.of("", "tcp", "--port", String.valueOf(server.port()), "--count", "5", "--size", "100");

            assertThat(run.errLines()).containsExactly("FAILED after 0 of 5 echoes: Echo of payload 1 of 5 from server at "
                    + "127.0.0.1:" + server.port() + " differs from what was sent (100 bytes sent, 100 came back, first difference at byte 10)");
            assertThat(run.out()).isEmpty();
            assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_MISMATCH);
        }
    }

    @Test
    void payloadRunThatFailsLateSaysHowManyEchoesSucceededFirst() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.tcp(socket -> {
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 3; i++) {
                socket.getOutputStream().write(in.readNBytes(16));
            }
            in.readAllBytes();
        })) {
            ClientRun run = ClientRun.of("", "tcp", "--port", String.valueOf(server.port()), "--count", "10", "--size", "16B",
                    "--timeout", "300ms");

            assertThat(run.errLines()).containsExactly("FAILED after 3 of 10 echoes: No echo from server at 127.0.0.1:"
                    + server.port() + " within 300 ms (0 of 16 bytes came back): TIMEOUT (-0x6800)");
            assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_NETWORK);
        }
    }

    @Test
    void lineSessionThatFailsLateSaysHowManyEchoesSucceededFirst() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.tcp(socket -> {
            InputStream in = socket.getInputStream();
            socket.getOutputStream().write((readLine(in) + "\n").getBytes(StandardCharsets.US_ASCII));
        })) {
            ClientRun run = ClientRun.of("one\ntwo\n", "tcp", "--port", String.valueOf(server.port()));

            assertThat(run.out()).isEqualTo("one\n");
            assertThat(run.errLines()).singleElement().asString().startsWith("FAILED after 1 echo: ");
            assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_NETWORK);
        }
    }

    @Test
    void udpServerThatNeverAnswersTimesOut() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.udp(received -> null)) {
            ClientRun run = ClientRun.of("", "udp", "--port", String.valueOf(server.port()), "--count", "3", "--timeout", "300ms");

            assertThat(run.errLines()).containsExactly("FAILED after 0 of 3 echoes: No echo from server at 127.0.0.1:" + server.port()
                    + " within 300 ms: TIMEOUT (-0x6800); if that port is a DTLS listener, add --tls");
            assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_NETWORK);
        }
    }

    @Test
    void udpServerThatStopsAnsweringTimesOutWithoutTheDtlsHint() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        try (MisbehavingServer server = MisbehavingServer.udp(received -> (answered.getAndIncrement() < 2) ? received : null)) {
            ClientRun run = ClientRun.of("", "udp", "--port", String.valueOf(server.port()), "--count", "3", "--timeout", "300ms");

            assertThat(run.errLines()).containsExactly(
                    "FAILED after 2 of 3 echoes: No echo from server at 127.0.0.1:" + server.port() + " within 300 ms: TIMEOUT (-0x6800)");
            assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_NETWORK);
        }
    }

    @Test
    void udpServerThatAnswersAShorterDatagramIsAMismatch() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.udp(received -> "hell\n".getBytes(StandardCharsets.US_ASCII))) {
            ClientRun run = ClientRun.of("hello\n", "udp", "--port", String.valueOf(server.port()));

            assertThat(run.out()).isEqualTo("hell\n");
            assertThat(run.errLines()).containsExactly("FAILED after 0 echoes: Echo of line 1 from server at 127.0.0.1:"
                    + server.port() + " differs from what was sent (6 bytes sent, 5 came back, first difference at byte 4)");
            assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_MISMATCH);
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.append((char) b);
        }
        return line.toString();
    }
}
