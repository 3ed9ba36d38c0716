package dev.netctx.tls;

import java.nio.ByteBuffer;

import dev.netctx.net.NetException;

/**
 * The sending side of a {@link DtlsContext}: packs the records its engine wraps one at a time into
 * datagrams of at most the packet size (RFC 6347 §4.1.1 lets a datagram carry several records;
 * mbed TLS packs its flights the same way), so that a flight that fits goes as one datagram and is
 * lost or delivered as a whole. It matters beyond saving datagrams: the JDK's DTLS client fails its
 * handshake with "The Finished message cannot be verified" when the server's ChangeCipherSpec and
 * Finished reach it but all or part of the NewSessionTicket before them does not (JDK-8367059, seen
 * on JDK 17), which a server sending each record in a datagram of its own makes happen
 * whenever that one datagram is lost; in one datagram, the three arrive together or not at all.
 * The datagrams of a flight hold nothing else: the engine sends its last flight twice in a row (the
 * second time in smaller records), and each copy goes in datagrams of its own.
 *
 * <p>It also keeps the handshake's datagrams as the {@link DtlsLastFlight} and swallows those that
 * are not to be sent ({@link DtlsContext#startFromVerifiedHello}).
 */
final class DtlsDatagramWriter {

    private static final byte HANDSHAKE = 22;

    private final DtlsLastFlight lastFlight = new DtlsLastFlight();

    /** The largest datagram: the engine's maximum packet size. */
    private int packetSize;

    /** Datagrams not to send. */
    private int swallowed;

    /** The largest datagram is {@code packetSize} bytes. */
    void packetSize(int packetSize) {
        this.packetSize = packetSize;
    }

    /** The next {@code datagrams} datagrams are not sent. */
    void swallow(int datagrams) {
        this.swallowed = datagrams;
    }

    DtlsLastFlight lastFlight() {
        return this.lastFlight;
    }

    /** As new: nothing swallowed, no last flight. */
    void reset() {
        this.swallowed = 0;
        this.lastFlight.clear();
    }

    /**
     * Adds the record the engine just wrapped ({@code record}, flipped) to the datagram being packed,
     * sending that one first when the record does not fit in it.
     * @param handshaking whether the record is the handshake's (its datagrams are the last flight)
     */
    void add(ByteBuffer record, DtlsBuffers buffers, TlsBio bio, boolean handshaking) throws NetException {
        ByteBuffer packet = buffers.packet;
        if (packet.position() > 0 && packet.position() + record.remaining() > this.packetSize) {
            flush(buffers, bio, handshaking);
        }
        boolean endsFlight = endsFlight(record);
        packet.put(record);
        if (endsFlight) {
            flush(buffers, bio, handshaking);
        }
    }

    /**
     * Whether {@code record} is a Finished (a handshake record of a new epoch), which ends a flight:
     * the engine sends its last flight twice in a row, and each copy is to be whole in its datagrams.
     */
    private static boolean endsFlight(ByteBuffer record) {
        int at = record.position();
        return record.remaining() > 4 && record.get(at) == HANDSHAKE && record.getShort(at + 3) != 0;
    }

    /** Sends the datagram being packed, if there is one. */
    void flush(DtlsBuffers buffers, TlsBio bio, boolean handshaking) throws NetException {
        ByteBuffer packet = buffers.packet;
        if (packet.position() == 0) {
            return;
        }
        packet.flip();
        try {
            if (this.swallowed > 0) {
                this.swallowed--;
                return;
            }
            if (handshaking) {
                this.lastFlight.sent(packet);
            }
            bio.send(packet);
        }
        finally {
            packet.clear();
        }
    }
}
