package dev.netctx.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

import dev.netctx.net.NetError;
import dev.netctx.net.NetException;
import dev.netctx.tls.DtlsBuffers;
import dev.netctx.tls.DtlsCertificates;
import dev.netctx.tls.DtlsContext;
import dev.netctx.tls.DtlsSettings;
import dev.netctx.tls.TlsBio;
import dev.netctx.tls.TlsConfig;
import dev.netctx.tls.TlsException;

/**
 * A DTLS client of the echo service on the project's {@link DtlsContext}, over a plain JDK datagram
 * channel bound to a local port of its choosing (so that a test can restart a client on the same
 * address and port), trusting the test CA.
 */
final class DtlsPeer implements AutoCloseable, TlsBio {

    /** Fast retransmissions for tests through a lossy relay; 20 s for a handshake. */
    static final DtlsSettings SETTINGS = new DtlsSettings(1200, Duration.ofMillis(100), Duration.ofSeconds(4),
            Duration.ofSeconds(20));

    private final DatagramChannel channel;

    private final DtlsContext dtls;

    /** How many more datagrams go out; the rest are swallowed (a client that goes silent). */
    private volatile int sendsLeft = Integer.MAX_VALUE;

    private DtlsPeer(DatagramChannel channel, InetSocketAddress server, long readTimeoutMillis) {
        this.channel = channel;
        this.dtls = new DtlsContext(TlsConfig.client(DtlsCertificates.trustingClient()).readTimeout(readTimeoutMillis),
                SETTINGS, new DtlsBuffers());
        this.dtls.setBio(this);
        this.dtls.setHostname("localhost", server.getPort());
    }

    /** A client from any free local port of {@code server}'s address. */
    static DtlsPeer connect(InetSocketAddress server) throws IOException {
        return from(new InetSocketAddress(server.getAddress(), 0), server);
    }

    /** A client from the local address and port {@code local}. */
    static DtlsPeer from(InetSocketAddress local, InetSocketAddress server) throws IOException {
        return from(local, server, Peers.READ_TIMEOUT_MILLIS);
    }

    /** A client whose reads of application data give up after {@code readTimeoutMillis} (a lossy path). */
    static DtlsPeer from(InetSocketAddress local, InetSocketAddress server, long readTimeoutMillis) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
        channel.bind(local).connect(server);
        return new DtlsPeer(channel, server, readTimeoutMillis);
    }

    /** After {@code datagrams} more datagrams, this client sends nothing more. */
    void goSilentAfter(int datagrams) {
        this.sendsLeft = datagrams;
    }

    /**
     * Sends {@code message} and returns its echo, skipping duplicates of earlier echoes and sending
     * again after each read timeout, at most {@code attempts} times.
     */
    byte[] echoWithRetries(byte[] message, int attempts) throws IOException {
        for (int i = 0; i < attempts; i++) {
            this.dtls.write(ByteBuffer.wrap(message));
            ByteBuffer in = ByteBuffer.allocate(20_000);
            int read;
            while ((read = this.dtls.read(in.clear())) > 0) {
                byte[] echo = new byte[read];
                in.flip().get(echo);
                if (java.util.Arrays.equals(echo, message)) {
                    return echo;
                }
                // a duplicate of an earlier echo: the relay sends some twice
            }
        }
        throw new IOException("no echo in " + attempts + " attempts");
    }

    int localPort() throws IOException {
        return ((InetSocketAddress) this.channel.getLocalAddress()).getPort();
    }

    DtlsContext dtls() {
        return this.dtls;
    }

    /** Shakes hands, failing on anything but success. */
    void handshake() throws IOException {
        int result = this.dtls.handshake();
        if (result != 0) {
            throw new IOException("DTLS handshake: " + result);
        }
    }

    /** Sends {@code message} and returns its echo (the next application data). */
    byte[] echo(byte[] message) throws IOException {
        this.dtls.write(ByteBuffer.wrap(message));
        ByteBuffer in = ByteBuffer.allocate(20_000);
        int read = this.dtls.read(in);
        if (read < 0) {
            throw new IOException("no echo: " + read);
        }
        byte[] echo = new byte[read];
        in.flip().get(echo);
        return echo;
    }

    @Override
    public int send(ByteBuffer buf) throws NetException {
        if (this.sendsLeft-- <= 0) {
            int swallowed = buf.remaining();
            buf.position(buf.limit());
            return swallowed;
        }
        try {
            return this.channel.write(buf);
        }
        catch (IOException ex) {
            throw new NetException(NetError.SEND_FAILED, ex.getMessage(), ex);
        }
    }

    @Override
    public int recv(ByteBuffer buf) throws NetException {
        return recvTimeout(buf, Peers.READ_TIMEOUT_MILLIS);
    }

    @Override
    public int recvTimeout(ByteBuffer buf, long timeoutMillis) throws NetException {
        try {
            this.channel.socket().setSoTimeout((int) timeoutMillis);
            java.net.DatagramPacket packet = new java.net.DatagramPacket(buf.array(), buf.arrayOffset() + buf.position(),
                    buf.remaining());
            this.channel.socket().receive(packet);
            buf.position(buf.position() + packet.getLength());
            return packet.getLength();
        }
        catch (SocketTimeoutException ex) {
            return NetError.TIMEOUT.code();
        }
        catch (IOException ex) {
            throw new NetException(NetError.RECV_FAILED, ex.getMessage(), ex);
        }
    }

    /** Closes the socket without a close-notify: a client that crashed. */
    void abandon() throws IOException {
        this.channel.close();
    }

    @Override
    public void close() throws IOException {
        try {
            this.dtls.closeNotify();
        }
        catch (TlsException | NetException ex) {
            // closing anyway
        }
        this.channel.close();
    }
}
