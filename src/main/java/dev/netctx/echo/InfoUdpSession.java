package dev.netctx.echo;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import dev.netctx.context.DropReason;
import dev.netctx.context.TrackedContext;
import org.jspecify.annotations.Nullable;

/**
 * A UDP peer of an info listener: each datagram is answered with one {@link InfoAnswer} line instead
 * of its bytes, under the same reply rate limit as an echo. A peer outside {@code netctx.trusted-networks}
 * gets no answer larger than its datagram (it is dropped and counted as {@code amplification}): a
 * spoofed source must not get more bytes sent to it than were sent in its name. Such a peer sends a
 * datagram at least as large as the answer: about 150 bytes plus the host's names.
 */
final class InfoUdpSession extends UdpEchoSession {

    private final InfoAnswer answer;

    private final boolean trusted;

    /**
     * @param trusted whether the peer is in {@code netctx.trusted-networks}, and may get answers larger
     * than its datagrams
     */
    InfoUdpSession(TrackedContext context, long idleTimeoutNanos, EchoSessions sessions, SourceSlots.Slot slot,
            @Nullable SourceRateLimiter limiter, InetAddress source, InfoAnswer answer, boolean trusted,
            DatagramImpairment impairment) {
        super(context, idleTimeoutNanos, sessions, slot, limiter, source, null, impairment);
        this.answer = answer;
        this.trusted = trusted;
    }

    @Override
    @Nullable ByteBuffer reply(ByteBuffer datagram) {
        byte[] line = this.answer.line(this.context);
        if (!this.trusted && line.length > datagram.remaining()) {
            this.context.dropped(DropReason.AMPLIFICATION);
            return null;
        }
        return ByteBuffer.wrap(line);
    }
}
