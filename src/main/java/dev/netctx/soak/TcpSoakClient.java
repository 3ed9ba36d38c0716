package dev.netctx.soak;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One soak client: until its deadline, opens a connection after another and plays one
 * {@link Behaviour} on each: a well-behaved client verifies every echoed byte; a misbehaving one
 * resets, half-closes, stalls or idles, and checks what the server must do about it.
 */
final class TcpSoakClient implements Runnable {

    /** What a client does with one connection. */
    enum Behaviour {
        /** Sends random chunks and verifies each echo. */
        ECHO,
        /** Sends, reads part of the echo, then resets the connection (SO_LINGER 0). */
        RESET,
        /** Sends, shuts its output down, then reads the whole echo, which must be followed by the end of stream. */
        HALF_CLOSE,
        /** Sends a lot without reading (the server's send blocks), stalls, then reads and verifies everything. */
        SLOW_CONSUMER,
        /** Connects and sends nothing: the server's idle timeout must close the connection. */
        IDLE
    }

    private static final Behaviour[] MISBEHAVIOURS = { Behaviour.RESET, Behaviour.HALF_CLOSE, Behaviour.SLOW_CONSUMER,
            Behaviour.IDLE };

    private static final int MAX_CHUNK = 64 * 1024;

    private final InetSocketAddress server;

    private final boolean misbehaving;

    private final long deadlineNanos;

    private final Duration idleTimeout;

    private final SoakTally tally;

    private final SplittableRandom random;

    TcpSoakClient(InetSocketAddress server, boolean misbehaving, long deadlineNanos, Duration idleTimeout,
            SoakTally tally, long seed) {
        this.server = server;
        this.misbehaving = misbehaving;
        this.deadlineNanos = deadlineNanos;
        this.idleTimeout = idleTimeout;
        this.tally = tally;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void run() {
        for (int round = 0; System.nanoTime() - this.deadlineNanos < 0; round++) {
            Behaviour behaviour = this.misbehaving ? MISBEHAVIOURS[round % MISBEHAVIOURS.length] : Behaviour.ECHO;
            play(behaviour);
        }
    }

    /** Plays one behaviour on a new connection, counting the outcome. */
    void play(Behaviour behaviour) {
        try (Socket socket = new Socket()) {
            socket.connect(this.server, 10_000);
            this.tally.connections.increment();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Math.max(10_000, 3 * this.idleTimeout.toMillis()));
            switch (behaviour) {
                case ECHO -> echo(socket);
                case RESET -> reset(socket);
                case HALF_CLOSE -> halfClose(socket);
                case SLOW_CONSUMER -> slowConsumer(socket);
                case IDLE -> idle(socket);
            }
        }
        catch (Refused ex) {
            this.tally.refused.increment();
        }
        catch (IOException ex) {
            this.tally.serverErrors.increment();
        }
    }

    private void echo(Socket socket) throws IOException {
        int chunks = 1 + this.random.nextInt(32);
        boolean first = true;
        for (int i = 0; i < chunks; i++) {
            byte[] sent = randomBytes(1 + this.random.nextInt(MAX_CHUNK));
            socket.getOutputStream().write(sent);
            verify(socket.getInputStream(), sent, first);
            first = false;
        }
    }

    private void reset(Socket socket) throws IOException {
        byte[] sent = randomBytes(1 + this.random.nextInt(MAX_CHUNK));
        socket.getOutputStream().write(sent);
        verify(socket.getInputStream(), Arrays.copyOf(sent, 1 + this.random.nextInt(sent.length)), true);
        socket.setSoLinger(true, 0);
        this.tally.resets.increment();
    }

    private void halfClose(Socket socket) throws IOException {
        byte[] sent = randomBytes(1 + this.random.nextInt(4 * MAX_CHUNK));
        CompletableFuture<Void> writing = writeInBackground(socket, sent, true);
        verify(socket.getInputStream(), sent, true);
        if (socket.getInputStream().read() != -1) {
            this.tally.mismatches.increment();
        }
        awaitWriter(writing);
        this.tally.halfCloses.increment();
    }

    private void slowConsumer(Socket socket) throws IOException {
        byte[] sent = randomBytes(4 << 20);
        CompletableFuture<Void> writing = writeInBackground(socket, sent, false);
        LockSupport.parkNanos(this.idleTimeout.toNanos() / 2);
        verify(socket.getInputStream(), sent, true);
        awaitWriter(writing);
        this.tally.slowConsumers.increment();
    }

    private void idle(Socket socket) throws IOException {
        try {
            if (socket.getInputStream().read() == -1) {
                this.tally.idleCut.increment();
            }
            else {
                this.tally.mismatches.increment();
            }
        }
        catch (SocketTimeoutException ex) {
            this.tally.idleNotCut.increment();
        }
        catch (IOException ex) {
            this.tally.idleCut.increment();
        }
    }

    /**
     * Reads {@code sent.length} bytes and compares them with {@code sent}.
     * @throws Refused if the server closes the connection before the first byte of its first echo
     */
    private void verify(InputStream in, byte[] sent, boolean firstEcho) throws IOException {
        byte[] echoed = new byte[sent.length];
        int read = 0;
        try {
            while (read < sent.length) {
                int n = in.read(echoed, read, sent.length - read);
                if (n < 0) {
                    throw new EOFException("end of stream after " + read + " of " + sent.length + " bytes");
                }
                read += n;
            }
        }
        catch (IOException ex) {
            if (firstEcho && read == 0 && !(ex instanceof SocketTimeoutException)) {
                throw new Refused();
            }
            countVerified(echoed, sent, read);
            throw ex;
        }
        countVerified(echoed, sent, read);
    }

    /** Counts the bytes of a (possibly partial) echo; a wrong byte is a mismatch. */
    private void countVerified(byte[] echoed, byte[] sent, int length) {
        if (Arrays.mismatch(echoed, 0, length, sent, 0, length) >= 0) {
            this.tally.mismatches.increment();
        }
        else {
            this.tally.bytesVerified.add(length);
        }
    }

    private static CompletableFuture<Void> writeInBackground(Socket socket, byte[] bytes, boolean thenShutdown) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                for (int offset = 0; offset < bytes.length; offset += MAX_CHUNK) {
                    out.write(bytes, offset, Math.min(MAX_CHUNK, bytes.length - offset));
                }
                if (thenShutdown) {
                    socket.shutdownOutput();
                }
                done.complete(null);
            }
            catch (IOException ex) {
                done.completeExceptionally(ex);
            }
        }, "soak-writer");
        writer.setDaemon(true);
        writer.start();
        return done;
    }

    private static void awaitWriter(CompletableFuture<Void> writing) throws IOException {
        try {
            writing.get(30, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            throw new IOException("writer failed: " + ex, ex);
        }
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length;) {
            long value = this.random.nextLong();
            for (int b = 0; b < 8 && i < length; b++, value >>>= 8) {
                bytes[i++] = (byte) value;
            }
        }
        return bytes;
    }

    /** The server closed a connection before echoing anything: it was turned away. */
    private static final class Refused extends IOException {

        Refused() {
            super("refused");
        }
    }
}
