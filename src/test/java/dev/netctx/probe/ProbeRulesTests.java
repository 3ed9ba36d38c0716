package dev.netctx.probe;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.netctx.net.NetProtocol;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The allowed targets, the request's defaults and limits, and a probe that is off or busy, without sockets. */
class ProbeRulesTests {

    private static final ProbeProperties LIMITS = new ProbeProperties(List.of("10.0.0.0/8"), 10, DataSize.ofKilobytes(1),
            Duration.ofSeconds(5), 1);

    @Test
    void targetsAreNetworksForAnyPortOrOneHostAndPort() throws Exception {
        InetAddress inside = InetAddress.getByName("10.1.2.3");
        assertThat(AllowedTarget.parse("10.0.0.0/8").allows(inside, 1)).isTrue();
        assertThat(AllowedTarget.parse("10.1.2.3").allows(inside, 65_535)).isTrue();
        assertThat(AllowedTarget.parse("10.1.2.3:4442").allows(inside, 4442)).isTrue();
        assertThat(AllowedTarget.parse("10.1.2.3:4442").allows(inside, 4443)).isFalse();
        assertThat(AllowedTarget.parse("[::1]:4442").allows(InetAddress.getByName("::1"), 4442)).isTrue();
        assertThat(AllowedTarget.parse("localhost:4442").allows(InetAddress.getByName("127.0.0.1"), 4442)).isTrue();
        assertThat(AllowedTarget.parse("fd00::/8").allows(inside, 1)).isFalse();
    }

    @Test
    void malformedTargetsSayWhatIsWrong() {
        assertThatIllegalArgumentException().isThrownBy(() -> AllowedTarget.parse("10.0.0.0/33"))
            .withMessage("the prefix length after '/' must be 0..32");
        assertThatIllegalArgumentException().isThrownBy(() -> AllowedTarget.parse("host:0"))
            .withMessage("the port after ':' must be 1..65535");
        assertThatIllegalArgumentException().isThrownBy(() -> AllowedTarget.parse("[::1]4442"))
            .withMessage("'[::1]4442': an IPv6 host:port is [address]:port");
        assertThatIllegalArgumentException().isThrownBy(() -> AllowedTarget.parse("http://x:80"));
    }

    @Test
    void wildcardAndMulticastAddressesAreNeverDialled() {
        ProbeTargets everything = new ProbeTargets(List.of("0.0.0.0/0", "::/0"));
        assertThat(everything.resolve("192.0.2.1", 7).getHostAddress()).isEqualTo("192.0.2.1");
        for (String forbidden : List.of("0.0.0.0", "::", "224.0.0.1", "ff02::1")) {
            assertThatExceptionOfType(ProbeException.class).isThrownBy(() -> everything.resolve(forbidden, 7))
                .satisfies((ex) -> assertThat(ex.kind()).isEqualTo(ProbeException.Kind.FORBIDDEN));
        }
    }

    @Test
    void requestDefaultsAreOneTcpTryOf32BytesWithinOneSecond() {
        assertThat(ProbeRequest.parse(Map.of("host", " 10.0.0.1 ", "port", 7), LIMITS))
            .isEqualTo(new ProbeRequest(NetProtocol.TCP, "10.0.0.1", 7, 1, 32, Duration.ofSeconds(1)));
        assertThat(ProbeRequest.parse(Map.of("protocol", "UDP", "host", "h", "port", 7, "count", 10, "size", 1024,
                "timeout", "5s"), LIMITS))
            .isEqualTo(new ProbeRequest(NetProtocol.UDP, "h", 7, 10, 1024, Duration.ofSeconds(5)));
    }

    @Test
    void requestsBeyondTheLimitsAreBadRequests() {
        assertBadRequest(Map.of("host", "h", "port", 7, "size", 1025), "Invalid size '1025': expected a whole number "
                + "1..1024 bytes (netctx.probe.max-size)");
        assertBadRequest(Map.of("host", "h", "port", 70_000), "Invalid port '70000': expected a whole number 1..65535");
        assertBadRequest(Map.of("host", "h", "port", "7"), "Invalid port '7': expected a whole number 1..65535");
        assertBadRequest(Map.of("port", 7), "Field 'host' is required: a host name or an IP address");
        assertBadRequest(Map.of("host", "h", "port", 7, "timeout", 0), "Invalid timeout '0': expected milliseconds or "
                + "a duration such as 500ms or 2s, from 1ms to 5000ms (netctx.probe.max-timeout)");
    }

    @Test
    void aProbeIsForbiddenWhileNoTargetIsAllowed() {
        ProbeService off = new ProbeService(new ProbeProperties(List.of(), 10, DataSize.ofKilobytes(1),
                Duration.ofSeconds(5), 1), null, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        assertThatExceptionOfType(ProbeException.class)
            .isThrownBy(() -> off.probe(new ProbeRequest(NetProtocol.TCP, "10.0.0.1", 7, 1, 32, Duration.ofSeconds(1))))
            .withMessage(ProbeService.PROBE_OFF)
            .satisfies((ex) -> assertThat(ex.kind()).isEqualTo(ProbeException.Kind.FORBIDDEN));
    }

    private static void assertBadRequest(Map<String, Object> body, String detail) {
        assertThatExceptionOfType(ProbeException.class).isThrownBy(() -> ProbeRequest.parse(body, LIMITS))
            .withMessage(detail)
            .satisfies((ex) -> assertThat(ex.kind()).isEqualTo(ProbeException.Kind.BAD_REQUEST));
    }
}
