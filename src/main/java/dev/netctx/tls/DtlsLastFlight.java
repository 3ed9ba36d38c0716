package dev.netctx.tls;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import dev.netctx.net.NetException;

/**
 * The last flight of a finished handshake, kept to answer the peer's retransmissions (RFC 6347
 * §4.2.4: the side that sent the last flight answers a retransmission of the peer's last flight with
 * its own). The JDK's engine drops such retransmissions once its handshake is over, so a peer whose
 * copy of the ChangeCipherSpec and Finished was lost would wait for ever; this answers it. Kept until
 * the peer's first application data shows that it finished too: two datagrams of about 900 bytes
 * (the engine sends its last flight twice).
 */
final class DtlsLastFlight {

    private static final int CHANGE_CIPHER_SPEC = 20;

    private static final int HANDSHAKE = 22;

    private static final int APPLICATION_DATA = 23;

    private final List<ByteBuffer> datagrams = new ArrayList<>();

    /** A datagram of the handshake went out. */
    void sent(ByteBuffer datagram) {
        this.datagrams.add(ByteBuffer.allocate(datagram.remaining()).put(datagram.duplicate()).flip());
    }

    /** A record of the peer's came during the handshake: what was sent before is no last flight. */
    void peerSpoke() {
        this.datagrams.clear();
    }

    /**
     * After the handshake, a datagram of the peer's: a retransmitted flight is answered with the last
     * flight; application data ends the need to keep it.
     */
    void received(ByteBuffer datagram, TlsBio bio) throws NetException {
        if (this.datagrams.isEmpty() || !datagram.hasRemaining()) {
            return;
        }
        int type = datagram.get(datagram.position()) & 0xFF;
        if (type == APPLICATION_DATA) {
            this.datagrams.clear();
        }
        else if (type == HANDSHAKE || type == CHANGE_CIPHER_SPEC) {
            for (ByteBuffer flight : this.datagrams) {
                bio.send(flight.duplicate());
            }
        }
    }

    void clear() {
        this.datagrams.clear();
    }
}
