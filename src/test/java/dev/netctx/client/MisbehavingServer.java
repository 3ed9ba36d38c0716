package dev.netctx.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;

/**
 * A plain-socket server on 127.0.0.1 that serves each TCP connection or UDP datagram as the test
 * says: it may close early, never answer, or answer wrong bytes.
 */
final class MisbehavingServer implements AutoCloseable {

    /** What the server does with one accepted TCP connection. */
    @FunctionalInterface
    interface Connection {

        void serve(Socket socket) throws IOException;
    }

    /** What the server does with one received datagram: the reply, or {@code null} for none. */
    @FunctionalInterface
    interface Datagram {

        byte[] reply(byte[] received);
    }

    private final AutoCloseable socket;

    private final int port;

    private final Thread thread;

    private MisbehavingServer(AutoCloseable socket, int port, Runnable loop) {
        this.socket = socket;
        this.port = port;
        this.thread = new Thread(loop, "misbehaving-server");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    static MisbehavingServer tcp(Connection behaviour) throws IOException {
        ServerSocket acceptor = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        return new MisbehavingServer(acceptor, acceptor.getLocalPort(), () -> {
            try {
                while (true) {
                    try (Socket socket = acceptor.accept()) {
                        behaviour.serve(socket);
                    }
                }
            }
            catch (IOException ex) {
                // closed: the server stops
            }
        });
    }

    static MisbehavingServer udp(Datagram behaviour) throws SocketException {
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        return new MisbehavingServer(socket, socket.getLocalPort(), () -> {
            try {
                byte[] buffer = new byte[65_536];
                while (true) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    byte[] reply = behaviour.reply(Arrays.copyOf(buffer, packet.getLength()));
                    if (reply != null) {
                        socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                    }
                }
            }
            catch (IOException ex) {
                // closed: the server stops
            }
        });
    }

    int port() {
        return this.port;
    }

    @Override
    public void close() throws Exception {
        this.socket.close();
        this.thread.join(5_000);
    }
}
