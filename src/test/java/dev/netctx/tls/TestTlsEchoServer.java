package dev.netctx.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLServerSocket;

/**
 * A JSSE echo server on loopback with the test server certificate ({@link TestCertificates}), a
 * thread per connection: a TLS peer that netctx did not write, for its clients' tests.
 */
public final class TestTlsEchoServer implements AutoCloseable {

    private final SSLServerSocket socket;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    private TestTlsEchoServer(SSLServerSocket socket) {
        this.socket = socket;
        this.threads.execute(this::serve);
    }

    /** Starts one on 127.0.0.1, port 0. */
    public static TestTlsEchoServer start() throws IOException {
        return new TestTlsEchoServer((SSLServerSocket) TestCertificates.server().getServerSocketFactory()
            .createServerSocket(0, 100, InetAddress.getLoopbackAddress()));
    }

    public int port() {
        return this.socket.getLocalPort();
    }

    /** Stops accepting, ends every connection and waits (bounded) for their threads. */
    @Override
    public void close() throws IOException, InterruptedException {
        this.socket.close();
        this.threads.shutdownNow();
        if (!this.threads.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the echo threads did not end within 10 s");
        }
    }

    private void serve() {
        while (!this.socket.isClosed()) {
            try {
                Socket connection = this.socket.accept();
                this.threads.execute(() -> echo(connection));
            }
            catch (IOException closed) {
                return;
            }
        }
    }

    private static void echo(Socket connection) {
        try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
            byte[] buffer = new byte[16384];
            int read;
            while ((read = in.read(buffer)) > 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        }
        catch (IOException ex) {
            // the client left, or the server closed
        }
    }
}
