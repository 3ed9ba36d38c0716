package dev.netctx.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * UDP load: P peers, each its own socket, each keeping a window of S-byte datagrams in flight. A
 * datagram carries its peer's id and sequence number: an echo that reaches another peer or differs in
 * any byte is counted as misrouted, a second echo of a datagram as a duplicate, and a datagram not
 * echoed within {@link #LOSS_TIMEOUT_NANOS} leaves the window (it is lost unless it still comes back
 * before the run ends).
 */
final class UdpLoad {

    static final long LOSS_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final int SOCKET_BUFFER = 1 << 20;

    private final BenchOptions options;

    private final Payloads payloads;

    private final PrintStream err;

    UdpLoad(BenchOptions options, PrintStream err) {
        this.options = options;
        this.payloads = new Payloads(options.size(), options.seed());
        this.err = err;
    }

    Report run(String mode) throws IOException, InterruptedException {
        InetSocketAddress server = new InetSocketAddress(this.options.host(), this.options.port());
        List<Peer> all = new ArrayList<>();
        try {
            for (int id = 0; id < this.options.peers(); id++) {
                DatagramChannel channel = DatagramChannel.open();
                all.add(new Peer(id, channel));
                channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
                channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
                channel.bind(new InetSocketAddress(server.getAddress(), 0));
                channel.configureBlocking(false);
            }
            Phases phases = Phases.startingNow(this.options);
            List<Worker> workers = IoThreads.spread(all, this.options.threads())
                .stream()
                .map(peers -> new Worker(peers, server, phases))
                .toList();
            IoThreads.runAll(workers, "bench-udp-");
            return report(mode, workers, phases);
        }
        finally {
            for (Peer peer : all) {
                peer.channel.close();
            }
        }
    }

    private Report report(String mode, List<Worker> workers, Phases phases) {
        Histogram latency = TcpLoad.newHistogram();
        long measured = 0;
        long sent = 0;
        long received = 0;
        long misrouted = 0;
        long duplicates = 0;
        long failures = 0;
        for (Worker worker : workers) {
            latency.add(worker.latency);
            measured += worker.measured;
            misrouted += worker.misrouted;
            duplicates += worker.duplicates;
            failures += worker.failures;
            for (Peer peer : worker.peers) {
                sent += peer.next;
                received += peer.received.cardinality();
            }
        }
        double seconds = phases.seconds();
        Report report = new Report(mode).add("peers", this.options.peers())
            .add("window", this.options.window())
            .add("size", this.options.size())
            .add("seconds", seconds)
            .add("dgrams_per_s", measured / seconds)
            .add("mb_per_s", measured * (double) this.options.size() / seconds / 1e6)
            .addLatency("rtt", latency)
            .add("sent", sent)
            .add("lost", sent - received)
            .add("misrouted", misrouted)
            .add("duplicates", duplicates)
            .add("failures", failures);
        return misrouted > 0 || failures > 0 ? report.fail() : report;
    }

    /** One peer: its socket, the datagrams it sent and which of them came back. */
    private static final class Peer {

        final int id;

        final DatagramChannel channel;

        final BitSet received = new BitSet();

        final BitSet expired = new BitSet();

        /** Send times of sequence numbers {@code oldest .. next - 1}, a ring indexed by sequence number. */
        long[] sentAt = new long[64];

        long oldest;

        long next;

        int inFlight;

        Peer(int id, DatagramChannel channel) {
            this.id = id;
            this.channel = channel;
        }

        long sentAt(long seq) {
            return this.sentAt[(int) (seq & (this.sentAt.length - 1))];
        }

        void recordSend(long now) {
            if (this.next - this.oldest == this.sentAt.length) {
                long[] grown = new long[this.sentAt.length * 2];
                for (long seq = this.oldest; seq < this.next; seq++) {
                    grown[(int) (seq & (grown.length - 1))] = sentAt(seq);
                }
                this.sentAt = grown;
            }
            this.sentAt[(int) (this.next & (this.sentAt.length - 1))] = now;
            this.next++;
            this.inFlight++;
        }

        /** Datagrams unanswered for too long leave the window (and are lost unless they still come). */
        void expire(long now) {
            while (this.oldest < this.next) {
                if (!this.received.get((int) this.oldest)) {
                    if (now - sentAt(this.oldest) < LOSS_TIMEOUT_NANOS) {
                        return;
                    }
                    this.expired.set((int) this.oldest);
                    this.inFlight--;
                }
                this.oldest++;
            }
        }
    }

    /** One I/O thread: a selector over its share of the peers. */
    private final class Worker implements Runnable {

        final List<Peer> peers;

        final InetSocketAddress server;

        final Phases phases;

        final Histogram latency = TcpLoad.newHistogram();

        final ByteBuffer in = ByteBuffer.allocate(Math.max(options.size(), 64 * 1024));

        final ByteBuffer out = ByteBuffer.allocate(options.size());

        long measured;

        long misrouted;

        long duplicates;

        long failures;

        Worker(List<Peer> peers, InetSocketAddress server, Phases phases) {
            this.peers = peers;
            this.server = server;
            this.phases = phases;
        }

        @Override
        public void run() {
            try (Selector selector = Selector.open()) {
                for (Peer peer : this.peers) {
                    peer.channel.register(selector, SelectionKey.OP_READ, peer);
                    fillWindow(peer, System.nanoTime());
                }
                long nextSweep = 0;
                while (!finished(System.nanoTime())) {
                    selector.select(10);
                    for (SelectionKey key : selector.selectedKeys()) {
                        receive((Peer) key.attachment());
                    }
                    selector.selectedKeys().clear();
                    long now = System.nanoTime();
                    if (now >= nextSweep) {
                        for (Peer peer : this.peers) {
                            peer.expire(now);
                            fillWindow(peer, now);
                        }
                        nextSweep = now + TimeUnit.MILLISECONDS.toNanos(10);
                    }
                }
            }
            catch (IOException ex) {
                err.println("bench: udp failed: " + ex);
                this.failures++;
            }
        }

        private boolean finished(long now) {
            if (now >= this.phases.deadline()) {
                return true;
            }
            if (this.phases.sending(now)) {
                return false;
            }
            for (Peer peer : this.peers) {
                if (peer.inFlight > 0) {
                    return false;
                }
            }
            return true;
        }

        private void fillWindow(Peer peer, long now) throws IOException {
            while (this.phases.sending(now) && peer.inFlight < options.window()) {
                this.out.clear();
                payloads.write(peer.id, peer.next, this.out);
                this.out.flip();
                if (peer.channel.send(this.out, this.server) == 0) {
                    return; // the socket's send buffer is full: the sweep tries again
                }
                peer.recordSend(now);
            }
        }

        private void receive(Peer peer) throws IOException {
            for (int i = 0; i < 64; i++) {
                this.in.clear();
                if (peer.channel.receive(this.in) == null) {
                    break;
                }
                long now = System.nanoTime();
                check(peer, now);
                fillWindow(peer, now);
            }
        }

        private void check(Peer peer, long now) {
            ByteBuffer datagram = this.in.flip();
            long seq = datagram.remaining() >= Payloads.HEADER ? datagram.getLong(Integer.BYTES) : -1;
            if (datagram.remaining() != options.size() || seq < 0 || seq >= peer.next
                    || !payloads.matches(peer.id, seq, datagram.array(), 0)) {
                if (this.misrouted++ == 0) {
                    err.println("bench: peer " + peer.id + " got a datagram of " + datagram.remaining()
                            + " bytes that is not one of its own (stamped peer "
                            + (datagram.remaining() >= Integer.BYTES ? datagram.getInt(0) : -1) + ", seq " + seq + ")");
                }
                return;
            }
            int index = (int) seq;
            if (peer.received.get(index)) {
                this.duplicates++;
                return;
            }
            peer.received.set(index);
            if (peer.expired.get(index)) {
                return; // late: it already left the window
            }
            peer.inFlight--;
            if (this.phases.measuring(now)) {
                this.measured++;
                this.latency.recordValue(Math.min(now - peer.sentAt(seq), this.latency.getHighestTrackableValue()));
            }
        }
    }
}
