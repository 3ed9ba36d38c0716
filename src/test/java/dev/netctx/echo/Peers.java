package dev.netctx.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Optional;

import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextRegistry;
import dev.netctx.context.ContextRole;

/** Plain-JDK clients of the echo service, independent of {@code dev.netctx.net}, with bounded waits. */
final class Peers {

    /** How long a peer waits for any one read. */
    static final int READ_TIMEOUT_MILLIS = 20_000;

    private Peers() {
    }

    /** The address of a listener started on port 0. */
    static InetSocketAddress address(ContextRegistry registry, String listener) {
        var stats = registry.listener(listener).orElseThrow();
        return new InetSocketAddress(((InetSocketAddress) stats.localAddress()).getAddress(), stats.port());
    }

    /** The open session of the peer on the given local port, if any. */
    static Optional<ContextInfo> session(ContextRegistry registry, int peerPort) {
        return registry.contexts().stream()
                .filter(info -> info.role() == ContextRole.SESSION && info.remote().endsWith(":" + peerPort))
                .findFirst();
    }

    static Tcp tcp(InetSocketAddress server) throws IOException {
        return tcpFrom(null, server);
    }

    /** A connection from the local address {@code source} (e.g. 127.0.0.2; {@code null} for any). */
    static Tcp tcpFrom(InetAddress source, InetSocketAddress server) throws IOException {
        Socket socket = new Socket();
        if (source != null) {
            socket.bind(new InetSocketAddress(source, 0));
        }
        socket.connect(server, READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        return new Tcp(socket);
    }

    static Udp udp(InetSocketAddress server) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0));
        socket.connect(server);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return new Udp(socket);
    }

    /** A TCP connection to the echo service. */
    record Tcp(Socket socket) implements AutoCloseable {

        /** Sends {@code bytes} and returns what came back, reading exactly as many bytes. */
        byte[] echo(byte[] bytes) throws IOException {
            this.socket.getOutputStream().write(bytes);
            return this.socket.getInputStream().readNBytes(bytes.length);
        }

        /** Whether the server closed the connection (end of stream or reset) before the read timeout. */
        boolean closedByServer() throws IOException {
            InputStream in = this.socket.getInputStream();
            try {
                return in.read() == -1;
            }
            catch (SocketException ex) {
                return true;
            }
        }

        int localPort() {
            return this.socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            this.socket.close();
        }
    }

    /** A UDP socket connected to the echo service. */
    record Udp(DatagramSocket socket) implements AutoCloseable {

        /** Sends one datagram and returns the next datagram that comes back. */
        byte[] echo(byte[] datagram) {
            try {
                this.socket.send(new DatagramPacket(datagram, datagram.length));
                DatagramPacket reply = new DatagramPacket(new byte[65_536], 65_536);
                this.socket.receive(reply);
                return Arrays.copyOf(reply.getData(), reply.getLength());
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        void send(byte[] datagram) throws IOException {
            this.socket.send(new DatagramPacket(datagram, datagram.length));
        }

        /** 1 when a datagram comes within the socket's timeout (its first 16 bytes read), 0 when none does. */
        int receiveOne() throws IOException {
            try {
                this.socket.receive(new DatagramPacket(new byte[16], 16));
                return 1;
            }
            catch (SocketTimeoutException ex) {
                return 0;
            }
        }

        InetAddress localAddress() {
            return this.socket.getLocalAddress();
        }

        int localPort() {
            return this.socket.getLocalPort();
        }

        @Override
        public void close() {
            this.socket.close();
        }
    }
}
