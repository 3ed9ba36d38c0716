package dev.netctx.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * UDP load: P peers, each its own socket, each keeping a window of S-byte datagrams in flight. A
 * datagram carries its peer's id and sequence number: an echo that reaches another peer or differs in
 * any byte is counted as misrouted, a second echo of a datagram as a duplicate, and a datagram not
 * echoed within {@link #LOSS_TIMEOUT_NANOS} leaves the window (it is lost unless it still comes back
 * before the run ends, and counted late then). The run fails when an echo is misrouted, or when more
 * datagrams are lost than {@code maxLoss} allows ({@link DatagramLoss}). With {@code --rate}, the
 * load is open-loop, as {@link TcpLoad}'s: the datagrams are sent on a fixed schedule, at most the
 * window in flight on each peer, each timed from when it was due.
 */
final class UdpLoad extends EchoLoad<UdpLoad.Peer, UdpLoad.PeerWorker> {

    static final long LOSS_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final int SOCKET_BUFFER = 1 << 20;

    /** How often a worker expires the datagrams unanswered for too long and refills the windows. */
    private static final long SWEEP_MILLIS = 10;

    private final double maxLoss;

    /** @param maxLoss the fraction of the datagrams sent that may be lost and the run pass */
    UdpLoad(BenchOptions options, double maxLoss, PrintStream err) {
        super(options, err, options.peers(), "bench-udp-", "udp failed");
        this.maxLoss = maxLoss;
    }

    @Override
    Peer open(int id, InetSocketAddress server) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
            channel.bind(new InetSocketAddress(server.getAddress(), 0));
            channel.configureBlocking(false);
            return new Peer(id, channel);
        }
        catch (IOException ex) {
            channel.close();
            throw ex;
        }
    }

    @Override
    PeerWorker newWorker(List<Peer> peers, InetSocketAddress server, Phases phases) {
        return new PeerWorker(peers, server, phases);
    }

    @Override
    Report report(String mode, List<PeerWorker> workers, Totals totals) {
        long sent = 0;
        long received = 0;
        long misrouted = 0;
        long duplicates = 0;
        long late = 0;
        for (PeerWorker worker : workers) {
            misrouted += worker.misrouted;
            duplicates += worker.duplicates;
            late += worker.late;
            for (Peer peer : worker.endpoints) {
                sent += peer.next;
                received += peer.received.cardinality();
            }
        }
        Report report = new Report(mode).add("peers", this.options.peers())
            .add("window", this.options.window())
            .add("size", this.options.size())
            .add("seconds", totals.seconds())
            .add("dgrams_per_s", totals.perSecond())
            .add("mb_per_s", totals.megabytesPerSecond(this.options.size()))
            .addLatency("rtt", totals.latency());
        addPacing(report, workers).add("sent", sent);
        new DatagramLoss(sent, sent - received).judge(report, this.maxLoss)
            .add("late", late)
            .add("misrouted", misrouted)
            .add("duplicates", duplicates)
            .add("failures", totals.failures());
        return misrouted > 0 || totals.failures() > 0 ? report.fail() : report;
    }

    /** One peer: its socket, the datagrams it sent and which of them came back. */
    static final class Peer implements EchoLoad.Endpoint {

        final int id;

        final DatagramChannel channel;

        final BitSet received = new BitSet();

        final BitSet expired = new BitSet();

        /** Send times of sequence numbers {@code oldest .. next - 1}, a ring indexed by sequence number. */
        long[] sentAt = new long[64];

        long oldest;

        long next;

        int inFlight;

        /** Its place among its I/O thread's peers, for an open-loop run's schedule. */
        int index;

        Peer(int id, DatagramChannel channel) {
            this.id = id;
            this.channel = channel;
        }

        @Override
        public Channel channel() {
            return this.channel;
        }

        @Override
        public boolean done() {
            return this.inFlight == 0;
        }

        @Override
        public long nextSequence() {
            return this.next;
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
    final class PeerWorker extends EchoLoad<Peer, PeerWorker>.Worker {

        final InetSocketAddress server;

        final ByteBuffer in = ByteBuffer.allocate(Math.max(options.size(), 64 * 1024));

        final ByteBuffer out = ByteBuffer.allocate(options.size());

        long misrouted;

        long duplicates;

        /** Echoes that came back after they had left the window: not lost, but later than the loss timeout. */
        long late;

        private long nextSweep;

        PeerWorker(List<Peer> peers, InetSocketAddress server, Phases phases) {
            super(peers, phases, SWEEP_MILLIS);
            this.server = server;
        }

        @Override
        void start(Selector selector) throws IOException {
            int index = 0;
            for (Peer peer : this.endpoints) {
                peer.index = index++;
                peer.channel.register(selector, SelectionKey.OP_READ, peer);
                fillWindow(peer, System.nanoTime());
            }
        }

        @Override
        void ready(SelectionKey key) throws IOException {
            receive((Peer) key.attachment());
        }

        @Override
        void selected() throws IOException {
            long now = System.nanoTime();
            if (now >= this.nextSweep) {
                for (Peer peer : this.endpoints) {
                    peer.expire(now);
                    fillWindow(peer, now);
                }
                this.nextSweep = now + TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
            }
        }

        /** Closed-loop: sends until the peer's window is full; open-loop: sends what is due. */
        private void fillWindow(Peer peer, long now) throws IOException {
            if (paced()) {
                sendDue(peer.index, now);
                return;
            }
            while (this.phases.sending(now) && peer.inFlight < options.window() && send(peer)) {
                peer.recordSend(now);
            }
        }

        @Override
        void sendDue(int index, long now) throws IOException {
            Peer peer = this.endpoints.get(index);
            while (peer.inFlight < options.window() && isDue(index, peer.next, now)) {
                long due = dueAt(index, peer.next);
                if (!send(peer)) {
                    break;
                }
                peer.recordSend(due);
                sentLate(due, now);
            }
        }

        /** Sends the peer's next datagram; {@code false} if the socket's send buffer is full (the sweep tries again). */
        private boolean send(Peer peer) throws IOException {
            this.out.clear();
            payloads.write(peer.id, peer.next, this.out);
            this.out.flip();
            return peer.channel.send(this.out, this.server) != 0;
        }

        /**
         * Reads what the peer's socket holds, then refills its window once: refilled after each
         * datagram, a fast server's echo of the datagram just sent would be read in the same turn,
         * and the peer would keep the thread while the others' echoes wait (a closed-loop run then
         * measured its own unfairness: half the round trips under 0.1 ms, the slowest 1% over 8 ms).
         */
        private void receive(Peer peer) throws IOException {
            long now = 0;
            for (int i = 0; i < 64; i++) {
                this.in.clear();
                if (peer.channel.receive(this.in) == null) {
                    break;
                }
                now = System.nanoTime();
                check(peer, now);
            }
            if (now != 0) {
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
                this.late++; // it already left the window
                return;
            }
            peer.inFlight--;
            long sentAt = peer.sentAt(seq);
            if (this.phases.measuring(paced() ? sentAt : now)) {
                this.measured++;
                this.latency.recordValue(Math.min(now - sentAt, this.latency.getHighestTrackableValue()));
            }
        }
    }
}
