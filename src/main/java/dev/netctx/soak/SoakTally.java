package dev.netctx.soak;

import java.util.concurrent.atomic.LongAdder;

/** What the soak's clients counted, from many threads at once. */
final class SoakTally {

    /** TCP and UDP bytes that came back and were compared with what was sent. */
    final LongAdder bytesVerified = new LongAdder();

    /** Echoes that differed from what was sent (a wrong byte, a wrong length): must stay 0. */
    final LongAdder mismatches = new LongAdder();

    /** Connections the server broke or let stall (reset, early end, no echo in time): must stay 0. */
    final LongAdder serverErrors = new LongAdder();

    /** TCP connections opened by the clients. */
    final LongAdder connections = new LongAdder();

    /** Connections closed by the server before echoing anything: turned away at max-connections. */
    final LongAdder refused = new LongAdder();

    final LongAdder resets = new LongAdder();

    final LongAdder halfCloses = new LongAdder();

    final LongAdder slowConsumers = new LongAdder();

    /** Connections that sent nothing and were closed by the server's idle timeout. */
    final LongAdder idleCut = new LongAdder();

    /** Connections that sent nothing and were still open long after the idle timeout: must stay 0. */
    final LongAdder idleNotCut = new LongAdder();

    final LongAdder floodDatagrams = new LongAdder();

    /** Datagrams too large for UDP over IPv4, which the client's own stack refuses to send. */
    final LongAdder floodOversized = new LongAdder();

    /** UDP echoes that did not come back in time (UDP may lose datagrams: reported, not a failure). */
    final LongAdder udpLost = new LongAdder();
}
