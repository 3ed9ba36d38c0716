package dev.netctx.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A small echo server on 127.0.0.1 for the generator's tests, TCP (a thread per connection) or UDP
 * (one loop), that can be told to corrupt the stream, to stall once, to send datagrams to the wrong
 * peer or to drop some.
 */
final class TestEchoServer implements AutoCloseable {

    /** How the server misbehaves. */
    enum Fault { NONE, FLIP_BYTE, STALL_ONCE, SWAP_PEERS, DROP_EVERY_TENTH }

    /** How long a {@link Fault#STALL_ONCE} server stops echoing, once it has echoed {@link #STALL_AFTER} bytes. */
    static final Duration STALL = Duration.ofMillis(300);

    static final long STALL_AFTER = 20_000;

    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

    private final Fault fault;

    private final int port;

    private TestEchoServer(Fault fault, int port) {
        this.fault = fault;
        this.port = port;
    }

    static TestEchoServer tcp(Fault fault) throws IOException {
        ServerSocket listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        TestEchoServer server = new TestEchoServer(fault, listener.getLocalPort());
        server.closeables.add(listener);
        server.start("accept", () -> {
            while (!listener.isClosed()) {
                Socket socket = listener.accept();
                server.closeables.add(socket);
                server.start("echo", () -> server.echo(socket));
            }
        });
        return server;
    }

    static TestEchoServer udp(Fault fault) throws IOException {
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        TestEchoServer server = new TestEchoServer(fault, socket.getLocalPort());
        server.closeables.add(socket);
        server.start("udp", () -> {
            SocketAddress previous = null;
            long received = 0;
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
                socket.receive(packet);
                if (fault == Fault.DROP_EVERY_TENTH && ++received % 10 == 0) {
                    continue;
                }
                SocketAddress sender = packet.getSocketAddress();
                if (fault == Fault.SWAP_PEERS && previous != null && !previous.equals(sender)) {
                    packet.setSocketAddress(previous);
                }
                previous = sender;
                socket.send(packet);
            }
        });
        return server;
    }

    int port() {
        return this.port;
    }

    private void echo(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buf = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0;) {
            if (this.fault == Fault.FLIP_BYTE && total < 5000 && total + n >= 5000) {
                buf[(int) (4999 - total)] ^= 1;
            }
            if (this.fault == Fault.STALL_ONCE && total < STALL_AFTER && total + n >= STALL_AFTER) {
                LockSupport.parkNanos(STALL.toNanos());   // the fault itself: a server that stops answering for a while
            }
            total += n;
            out.write(buf, 0, n);
        }
        socket.close();
    }

    private void start(String name, IoTask task) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            }
            catch (IOException ex) {
                // closed by the test: the thread ends
            }
        }, "test-echo-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : this.closeables) {
            closeable.close();
        }
    }

    private interface IoTask {
        void run() throws IOException;
    }
}
