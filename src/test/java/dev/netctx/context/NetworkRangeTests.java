package dev.netctx.context;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NetworkRangeTests {

    @Test
    void ipv4NetworkContainsItsAddressesOnly() throws UnknownHostException {
        NetworkRange range = NetworkRange.parse("10.1.0.0/16");
        assertThat(range.contains(InetAddress.getByName("10.1.255.7"))).isTrue();
        assertThat(range.contains(InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThat(range.contains(InetAddress.getByName("::ffff:a01:1"))).as("mapped IPv4 is IPv4 in Java").isTrue();
        assertThat(range.contains(InetAddress.getByName("::1"))).isFalse();
    }

    @Test
    void prefixNotOnAByteBoundaryAndHostBitsCleared() throws UnknownHostException {
        NetworkRange range = NetworkRange.parse("192.168.1.77/20");
        assertThat(range).hasToString("192.168.0.0/20");
        assertThat(range.contains(InetAddress.getByName("192.168.15.255"))).isTrue();
        assertThat(range.contains(InetAddress.getByName("192.168.16.0"))).isFalse();
    }

    @Test
    void ipv6AndSingleAddressesAndEverything() throws UnknownHostException {
        assertThat(NetworkRange.parse("::1/128").contains(InetAddress.getByName("::1"))).isTrue();
        assertThat(NetworkRange.parse("fd00::/8").contains(InetAddress.getByName("fdab::9"))).isTrue();
        assertThat(NetworkRange.parse("fd00::/8").contains(InetAddress.getByName("fe80::1"))).isFalse();
        assertThat(NetworkRange.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(NetworkRange.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.9"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "/8", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0/8", "256.0.0.0/8",
            "localhost", "example.com/24", "::1/129", "fd00::/x", "1.2.3.4/8/8", "gggg::/16", "10.0.0.0/ 8" })
    void badNetworksAreRefusedWithoutResolvingNames(String cidr) {
        assertThatIllegalArgumentException().isThrownBy(() -> NetworkRange.parse(cidr)).withMessageNotContaining("Exception");
    }
}
