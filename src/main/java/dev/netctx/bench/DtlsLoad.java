package dev.netctx.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.netctx.net.NetContext;
import dev.netctx.net.NetException;
import dev.netctx.net.NetProtocol;
import dev.netctx.tls.DtlsBuffers;
import dev.netctx.tls.DtlsContext;
import dev.netctx.tls.DtlsSettings;
import dev.netctx.tls.TlsConfig;
import dev.netctx.tls.TlsException;
import org.HdrHistogram.Histogram;

/**
 * DTLS load ({@code bench udp --tls}): P peers, each on a thread of its own with a connected UDP
 * context and a {@link DtlsContext}. Each peer shakes hands, then sends a datagram, waits for its
 * echo (at most {@link UdpLoad#LOSS_TIMEOUT_NANOS}: then it is lost), checks every byte, and sends
 * the next; or, with {@code handshakesOnly}, shakes hands again and again (a new context and socket
 * each time, closed with a close-notify). Reports datagrams/s and their round trips, and handshakes/s
 * and their duration. The run fails on a corrupted echo, a failed peer, or more datagrams lost than
 * {@code maxLoss} allows ({@link DatagramLoss}).
 */
final class DtlsLoad {

    private final BenchOptions options;

    private final TlsConfig config;

    private final String serverName;

    private final boolean handshakesOnly;

    private final PrintStream err;

    private final Payloads payloads;

    private final double maxLoss;

    /**
     * @param config a client configuration of a {@code DTLS} {@code SSLContext}
     * @param serverName the SNI name and the name the server's certificate must have
     * @param handshakesOnly measure new handshakes instead of datagrams
     * @param maxLoss the fraction of the datagrams sent that may be lost and the run pass
     */
    DtlsLoad(BenchOptions options, TlsConfig config, String serverName, boolean handshakesOnly, double maxLoss,
            PrintStream err) {
        this.options = options;
        this.config = config.readTimeout(TimeUnit.NANOSECONDS.toMillis(UdpLoad.LOSS_TIMEOUT_NANOS));
        this.serverName = serverName;
        this.handshakesOnly = handshakesOnly;
        this.err = err;
        this.payloads = new Payloads(options.size(), options.seed());
        this.maxLoss = maxLoss;
    }

    Report run(String mode) throws InterruptedException {
        Phases phases = Phases.startingNow(this.options);
        List<Peer> peers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int id = 0; id < this.options.peers(); id++) {
            Peer peer = new Peer(id, phases);
            peers.add(peer);
            Thread thread = new Thread(peer, "bench-dtls-" + id);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        long joinBy = phases.deadline() + TimeUnit.SECONDS.toNanos(5);
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime())));
        }
        return report(mode, peers, phases);
    }

    private Report report(String mode, List<Peer> peers, Phases phases) {
        Histogram rtt = Report.latencyHistogram();
        Histogram handshake = Report.latencyHistogram();
        long measured = 0;
        long handshakes = 0;
        long sent = 0;
        long lost = 0;
        long corrupted = 0;
        long failures = 0;
        for (Peer peer : peers) {
            rtt.add(peer.rtt);
            handshake.add(peer.handshake);
            measured += peer.measured;
            handshakes += peer.measuredHandshakes;
            sent += peer.sent;
            lost += peer.lost;
            corrupted += peer.corrupted;
            failures += peer.failures;
        }
        double seconds = phases.seconds();
        Report report = new Report(mode).add("tls", "dtls").add("peers", this.options.peers()).add("size", this.options.size())
            .add("seconds", seconds);
        if (!this.handshakesOnly) {
            report.add("dgrams_per_s", measured / seconds).addLatency("rtt", rtt).add("sent", sent);
            new DatagramLoss(sent, lost).judge(report, this.maxLoss).add("corrupted", corrupted);
            if (measured == 0) {
                report.fail("no echo was measured: the handshakes took longer than --warmup and --duration");
            }
        }
        report.add("handshakes_per_s", handshakes / seconds).addLatency("handshake", handshake).add("failures", failures);
        return (corrupted > 0 || failures > 0) ? report.fail() : report;
    }

    /** One peer's thread and figures (written by that thread, read after it ended). */
    private final class Peer implements Runnable {

        private final int id;

        private final Phases phases;

        private final Histogram rtt = Report.latencyHistogram();

        private final Histogram handshake = Report.latencyHistogram();

        private final DtlsBuffers buffers = new DtlsBuffers();

        private long measured;

        private long measuredHandshakes;

        private long sent;

        private long lost;

        private long corrupted;

        private long failures;

        Peer(int id, Phases phases) {
            this.id = id;
            this.phases = phases;
        }

        @Override
        public void run() {
            try {
                do {
                    session();
                }
                while (DtlsLoad.this.handshakesOnly && this.phases.sending(System.nanoTime()));
            }
            catch (IOException | RuntimeException ex) {
                if (this.failures++ == 0) {
                    DtlsLoad.this.err.println("bench: DTLS peer " + this.id + " failed: " + ex.getMessage());
                }
            }
        }

        private void session() throws IOException {
            try (NetContext net = new NetContext()) {
                net.connect(DtlsLoad.this.options.host(), DtlsLoad.this.options.port(), NetProtocol.UDP);
                DtlsContext dtls = new DtlsContext(DtlsLoad.this.config, DtlsSettings.DEFAULTS, this.buffers);
                dtls.setBio(dev.netctx.tls.TlsBio.of(net));
                dtls.setHostname(DtlsLoad.this.serverName, DtlsLoad.this.options.port());
                long started = System.nanoTime();
                if (dtls.handshake() != 0) {
                    throw new IOException("no DTLS handshake with the server within " + DtlsSettings.DEFAULTS.handshakeTimeout());
                }
                long done = System.nanoTime();
                if (this.phases.measuring(done)) {
                    this.measuredHandshakes++;
                    this.handshake.recordValue(Math.min(done - started, this.handshake.getHighestTrackableValue()));
                }
                if (!DtlsLoad.this.handshakesOnly) {
                    echoes(dtls);
                }
                dtls.closeNotify();
            }
        }

        private void echoes(DtlsContext dtls) throws TlsException, NetException {
            int size = DtlsLoad.this.options.size();
            byte[] out = new byte[size];
            ByteBuffer in = ByteBuffer.allocate(Math.max(size, 17_000));
            long seq = 0;
            while (this.phases.sending(System.nanoTime())) {
                DtlsLoad.this.payloads.write(this.id, seq, out);
                long start = System.nanoTime();
                dtls.write(ByteBuffer.wrap(out));
                this.sent++;
                int read = readEcho(dtls, in, seq);
                long now = System.nanoTime();
                if (read < 0) {
                    this.lost++;
                }
                else if (read != size || !DtlsLoad.this.payloads.matches(this.id, seq, in.array(), 0)) {
                    if (this.corrupted++ == 0) {
                        DtlsLoad.this.err.println("bench: DTLS peer " + this.id + " got " + read + " bytes that are not its datagram " + seq);
                    }
                }
                else if (this.phases.measuring(now)) {
                    this.measured++;
                    this.rtt.recordValue(Math.min(now - start, this.rtt.getHighestTrackableValue()));
                }
                seq++;
            }
        }

        /** The next datagram that is not the late echo of an earlier one (lost already); a negative code if none came. */
        private int readEcho(DtlsContext dtls, ByteBuffer in, long seq) throws TlsException, NetException {
            while (true) {
                int read = dtls.read(in.clear());
                if (read < Payloads.HEADER || in.getLong(Integer.BYTES) >= seq || in.getInt(0) != this.id) {
                    return read;
                }
            }
        }
    }
}
