package dev.netctx.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.netctx.testing.ExternalTool;

/**
 * A wildcard UDP listener answers from the address each datagram was sent to: a connected client
 * (which the kernel hands nothing from another source) gets its echo whichever loopback address it
 * asked. That path is IP_PKTINFO through the FFM API, so it runs in a child JVM of JDK 22 or later:
 * {@code NETCTX_TEST_JDK22_HOME}, or Temurin 25 at {@value #DEFAULT_JDK22} (skipped where neither
 * is, failed under {@code CI=true}). The JDK this suite runs on (17) keeps today's socket, whose
 * answers leave from the address the kernel's route picks.
 */
@Timeout(60)
class WildcardUdpAnswerTests {

    static final String DEFAULT_JDK22 = "/usr/lib/jvm/temurin-25-jdk-amd64";

    private static final int TIMEOUT_MILLIS = 5000;

    @Test
    void anIpv4WildcardAnswersEachLoopbackAddressFromItselfOnTheOneWayPath() throws Exception {
        try (Child echo = Child.start(true, "0.0.0.0", "receive")) {
            for (String asked : List.of("127.0.0.1", "127.0.0.2", "127.0.0.3")) {
                assertConnectedEcho(asked, echo.port);
            }
            assertThatExceptionOfType(PortUnreachableException.class).as("0.0.0.0 is IPv4 only")
                .isThrownBy(() -> connectedEcho("::1", echo.port));
        }
    }

    @Test
    void anIpv6WildcardAnswersBothStacksFromTheAddressAskedOnTheQueuedPath() throws Exception {
        try (Child echo = Child.start(true, "::", "accept")) {
            for (String asked : List.of("127.0.0.2", "127.0.0.3", "::1", "127.0.0.1")) {
                assertConnectedEcho(asked, echo.port);
            }
        }
    }

    @Test
    void withoutNativeAccessAJdk22ListenerRunsAsOnJdk17() throws Exception {
        try (Child echo = Child.start(false, "0.0.0.0", "receive")) {
            assertThat(unconnectedEchoSource("127.0.0.2", echo.port)).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertConnectedEcho("127.0.0.1", echo.port);
        }
    }

    @Test
    void onThisJvmAWildcardServesBothStacksAndAnswersFromTheRouteWithoutTheFfmPath() throws Exception {
        String reason = Libc.unavailable();
        InetAddress expected = InetAddress.getByName((reason == null) ? "127.0.0.2" : "127.0.0.1");
        try (NetContext listener = new NetContext()) {
            listener.bind("::", 0, NetProtocol.UDP);
            Thread server = new Thread(() -> echoUntilClosed(listener));
            server.start();
            try {
                assertThat(unconnectedEchoSource("127.0.0.2", NetTesting.portOf(listener))).as(String.valueOf(reason))
                    .isEqualTo(expected);
                assertConnectedEcho("127.0.0.1", NetTesting.portOf(listener));
                assertConnectedEcho("::1", NetTesting.portOf(listener));
            }
            finally {
                listener.close();
                server.join(TIMEOUT_MILLIS);
            }
        }
    }

    private static void echoUntilClosed(NetContext listener) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(NetContext.RECEIVE_BUFFER_SIZE);
        try {
            while (true) {
                listener.receive(buf.clear(), -1).send(buf.flip());
            }
        }
        catch (NetException ex) {
            assertThat(ex.error()).isEqualTo(NetError.INVALID_CONTEXT);
        }
    }

    private static void assertConnectedEcho(String asked, int port) throws IOException {
        assertThat(connectedEcho(asked, port)).as("echo asked of %s", asked).isEqualTo("hello " + asked);
    }

    /** Sends {@code hello <asked>} from a client connected to {@code asked:port} and returns what comes back. */
    private static String connectedEcho(String asked, int port) throws IOException {
        try (DatagramChannel client = DatagramChannel.open()) {
            client.connect(new InetSocketAddress(asked, port));
            client.socket().setSoTimeout(TIMEOUT_MILLIS);
            byte[] payload = ("hello " + asked).getBytes(StandardCharsets.UTF_8);
            client.socket().send(new DatagramPacket(payload, payload.length));
            DatagramPacket reply = new DatagramPacket(new byte[256], 256);
            client.socket().receive(reply);
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
        }
    }

    /** The source address of the echo that an unconnected client gets when it asks {@code asked:port}. */
    private static InetAddress unconnectedEchoSource(String asked, int port) throws IOException {
        try (DatagramChannel client = DatagramChannel.open()) {
            client.bind(new InetSocketAddress("127.0.0.1", 0));
            client.socket().setSoTimeout(TIMEOUT_MILLIS);
            client.socket().send(new DatagramPacket(new byte[] { 1 }, 1, new InetSocketAddress(asked, port)));
            DatagramPacket reply = new DatagramPacket(new byte[16], 16);
            client.socket().receive(reply);
            return reply.getAddress();
        }
    }

    /** {@link WildcardUdpEcho} in a JDK 22+ JVM, with or without native access; closing it ends the JVM. */
    private static final class Child implements AutoCloseable {

        private final Process process;

        private final int port;

        private Child(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Child start(boolean nativeAccess, String bindAddress, String path) throws IOException {
            List<String> command = new ArrayList<>(List.of(jdk22().resolve("bin/java").toString(), "-Xmx64m"));
            if (nativeAccess) {
                command.add("--enable-native-access=ALL-UNNAMED");
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), WildcardUdpEcho.class.getName(), bindAddress, path));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String line = out.readLine();
                assertThat(line).as("the child's first line").startsWith("port ");
                return new Child(process, Integer.parseInt(line.substring(5)));
            }
            catch (IOException | RuntimeException | AssertionError ex) {
                process.destroyForcibly();
                throw ex;
            }
        }

        private static Path jdk22() {
            String configured = System.getenv("NETCTX_TEST_JDK22_HOME");
            Path home = Path.of((configured != null && !configured.isBlank()) ? configured : DEFAULT_JDK22);
            if (!Files.isExecutable(home.resolve("bin/java"))) {
                ExternalTool.unavailable("a JDK 22+ (NETCTX_TEST_JDK22_HOME, or Temurin 25 at " + DEFAULT_JDK22 + ") is not installed");
            }
            return home;
        }

        @Override
        public void close() throws InterruptedException, IOException {
            this.process.getOutputStream().close();
            if (!this.process.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                this.process.destroyForcibly();
                throw new AssertionError("the echo JVM did not end when its input did");
            }
            assertThat(this.process.exitValue()).as("the echo JVM's exit code").isZero();
        }
    }
}
