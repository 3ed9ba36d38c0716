package dev.netctx.client;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.netctx.net.NetContext;
import dev.netctx.net.NetException;
import dev.netctx.net.NetProtocol;

/**
 * An echo server on the port's API, as the netctx service runs one: bound to 127.0.0.1 on a free
 * port, one thread per accepted context (a TCP connection or a UDP peer), each echoing what it
 * receives until the peer closes or the server is closed.
 */
final class PortEchoServer implements AutoCloseable {

    private final NetContext listener = new NetContext();

    private final List<NetContext> accepted = new CopyOnWriteArrayList<>();

    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    private final NetProtocol protocol;

    private PortEchoServer(NetProtocol protocol) {
        this.protocol = protocol;
    }

    static PortEchoServer start(NetProtocol protocol) throws NetException {
        PortEchoServer server = new PortEchoServer(protocol);
        server.listener.bind("127.0.0.1", 0, protocol);
        server.spawn(server::acceptLoop);
        return server;
    }

    int port() {
        return ((InetSocketAddress) this.listener.localAddress()).getPort();
    }

    private void acceptLoop() {
        try {
            while (true) {
                NetContext client = this.listener.accept();
                this.accepted.add(client);
                spawn(() -> echo(client));
            }
        }
        catch (NetException ex) {
            // closed: the server stops
        }
    }

    private void echo(NetContext client) {
        ByteBuffer buffer = ByteBuffer.allocate(NetContext.MAX_DATAGRAM_SIZE);
        try {
            while (true) {
                buffer.clear();
                int received = client.recv(buffer);
                if (received == 0 && this.protocol == NetProtocol.TCP) {
                    return;
                }
                buffer.flip();
                do {
                    client.send(buffer);
                }
                while (buffer.hasRemaining());
            }
        }
        catch (NetException ex) {
            // reset or closed: this session ends
        }
        finally {
            client.close();
        }
    }

    private void spawn(Runnable task) {
        Thread thread = new Thread(task, "port-echo-" + this.protocol.id() + "-" + this.threads.size());
        thread.setDaemon(true);
        this.threads.add(thread);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        this.listener.close();
        this.accepted.forEach(NetContext::close);
        for (Thread thread : this.threads) {
            thread.join(5_000);
        }
    }
}
