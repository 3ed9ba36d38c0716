package dev.netctx.soak;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The soak's UDP client: {@link #flood} sends random datagrams of random sizes, a share at the largest size UDP
 * over IPv4 carries and some beyond it, paced to a rate and never reading the echoes;
 * {@link #verify} sends datagrams one at a time and compares each echo.
 */
final class UdpSoakClient {

    /** The largest UDP payload over IPv4. */
    static final int MAX_DATAGRAM = 65_507;

    private final InetSocketAddress server;

    private final long deadlineNanos;

    private final SoakTally tally;

    UdpSoakClient(InetSocketAddress server, long deadlineNanos, SoakTally tally) {
        this.server = server;
        this.deadlineNanos = deadlineNanos;
        this.tally = tally;
    }

    /** Sends {@code perSecond} datagrams a second until the deadline, from a few source ports. */
    void flood(int perSecond, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long interval = TimeUnit.SECONDS.toNanos(1) / Math.max(perSecond, 1);
        DatagramSocket[] sockets = new DatagramSocket[4];
        try {
            for (int i = 0; i < sockets.length; i++) {
                sockets[i] = new DatagramSocket(new InetSocketAddress(this.server.getAddress(), 0));
            }
            byte[] buffer = new byte[MAX_DATAGRAM + 1024];
            long next = System.nanoTime();
            for (long n = 0; System.nanoTime() - this.deadlineNanos < 0; n++) {
                int kind = random.nextInt(10);
                int size = (kind == 0) ? MAX_DATAGRAM + 1 + random.nextInt(1024) : (kind == 1) ? MAX_DATAGRAM : random.nextInt(2048);
                for (int i = 0; i < size; i += 64) {
                    buffer[i] = (byte) random.nextInt();
                }
                try {
                    sockets[(int) (n % sockets.length)].send(new DatagramPacket(buffer, size, this.server));
                    this.tally.floodDatagrams.increment();
                }
                catch (IOException ex) {
                    this.tally.floodOversized.increment();
                }
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot open a UDP socket: " + ex.getMessage(), ex);
        }
        finally {
            for (DatagramSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    /** The echo of an earlier datagram, counted as lost when it did not come in time. */
    private static boolean isLateEcho(byte[] reply, int length, long sequence) {
        return length >= Long.BYTES && ByteBuffer.wrap(reply).getLong() < sequence;
    }

    /**
     * Sends datagrams one at a time, each numbered in its first 8 bytes, until the deadline, and
     * compares each echo; no echo in 2 s counts as lost.
     */
    void verify(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(this.server.getAddress(), 0))) {
            socket.setSoTimeout(2_000);
            byte[] reply = new byte[MAX_DATAGRAM + 1];
            for (long sequence = 0; System.nanoTime() - this.deadlineNanos < 0; sequence++) {
                byte[] sent = new byte[Long.BYTES + random.nextInt(8192)];
                random.nextBytes(sent);
                ByteBuffer.wrap(sent).putLong(sequence);
                socket.send(new DatagramPacket(sent, sent.length, this.server));
                DatagramPacket echo = new DatagramPacket(reply, reply.length);
                try {
                    do {
                        socket.receive(echo);
                    }
                    while (!echo.getSocketAddress().equals(this.server) || isLateEcho(reply, echo.getLength(), sequence));
                }
                catch (SocketTimeoutException ex) {
                    this.tally.udpLost.increment();
                    continue;
                }
                if (Arrays.equals(reply, 0, echo.getLength(), sent, 0, sent.length)) {
                    this.tally.bytesVerified.add(sent.length);
                }
                else {
                    this.tally.mismatches.increment();
                }
            }
        }
        catch (IOException ex) {
            this.tally.serverErrors.increment();
        }
    }
}
