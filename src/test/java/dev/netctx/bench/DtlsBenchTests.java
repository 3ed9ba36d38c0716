package dev.netctx.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.netctx.context.ContextRegistry;
import dev.netctx.testing.CommandRun;
import dev.netctx.testing.DtlsListenerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench udp --tls} against the service's own DTLS listener over loopback: every datagram comes
 * back verified, none is lost, and the report says so ({@code lost=0}, {@code loss_ratio}, {@code ok=true}).
 */
@DtlsListenerTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DtlsBenchTests {

    @Autowired
    private ContextRegistry registry;

    @Test
    void udpOverDtlsVerifiesEveryDatagramAndLosesNone() {
        int port = this.registry.listener("udp").orElseThrow().port();
        CommandRun run = CommandRun.of("", "bench", "udp", "--tls", "--ca", "src/test/resources/tls/ca.crt", "--sni",
                "localhost", "--port", Integer.toString(port), "--peers", "2", "--warmup", "5s", "--duration", "1s",
                "--timeout", "5s");
        Map<String, String> result = BenchResult.of(run);
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(result).containsEntry("ok", "true").containsEntry("mode", "udp").containsEntry("tls", "dtls").containsEntry("lost", "0")
            .containsEntry("loss_ratio", "0.000000").containsEntry("corrupted", "0").containsEntry("failures", "0");
        assertThat(Long.parseLong(result.get("sent"))).isPositive();
    }

    @Test
    void aDatagramLargerThanOneRecordIsEchoedRecordByRecordAndVerifiedWhole() {
        int port = this.registry.listener("udp").orElseThrow().port();
        CommandRun run = CommandRun.of("", "bench", "udp", "--tls", "--ca", "src/test/resources/tls/ca.crt", "--sni",
                "localhost", "--port", Integer.toString(port), "--peers", "1", "--size", "4KB", "--warmup", "5s",
                "--duration", "1s", "--timeout", "5s");
        Map<String, String> result = BenchResult.of(run);
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(result).containsEntry("size", "4096").containsEntry("corrupted", "0").containsEntry("lost", "0");
        assertThat(Long.parseLong(result.get("sent"))).isPositive();
    }
}
