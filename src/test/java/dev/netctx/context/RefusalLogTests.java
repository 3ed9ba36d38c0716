package dev.netctx.context;

import dev.netctx.net.NetProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Refusals and drops are logged at most once per listener an interval, with the count and the reason. */
@ExtendWith(OutputCaptureExtension.class)
class RefusalLogTests {

    @Test
    void theFirstRefusalIsLoggedAtOnceAndTheNextOnesNotWithinTheInterval(CapturedOutput output) {
        ListenerStats stats = new ListenerStats("tcp", NetProtocol.TCP);
        stats.countRefused(RefusalReason.MAX_CONNECTIONS);
        for (int i = 0; i < 1000; i++) {
            stats.countRefused(RefusalReason.MAX_CONNECTIONS);
        }
        assertThat(output).containsOnlyOnce("Listener 'tcp' (tcp) refused")
            .containsPattern("Listener 'tcp' \\(tcp\\) refused 1 connection in the last \\d+\\.\\d s: max-connections 1; "
                    + "raise netctx.listeners.tcp.max-connections to admit more");
    }

    @Test
    void aUdpLineCountsPeersAndDatagramsByReason(CapturedOutput output) {
        ListenerStats stats = new ListenerStats("udp", NetProtocol.UDP);
        stats.countDropped(DropReason.RATE_LIMIT);
        assertThat(output).contains("Listener 'udp' (udp) dropped 1 datagram in the last")
            .contains("rate-limit 1; netctx.listeners.udp.udp-rate-limit limits the replies to each source address, "
                    + "netctx.trusted-networks exempts networks");
    }
}
