package dev.netctx.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Addresses print in RFC 5952's canonical form everywhere. */
@Timeout(10)
class AddressesTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "0:0:0:0:0:0:0:1, ::1", "0:0:0:0:0:0:0:0, ::", "2001:DB8:0:0:0:0:2:1, 2001:db8::2:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1", "fe80:0:0:0:0:0:0:1, fe80::1", "1:0:0:0:0:0:0:0, 1::",
            "2001:db8:aaaa:bbbb:cccc:dddd:0:1, 2001:db8:aaaa:bbbb:cccc:dddd:0:1", "0:0:0:0:0:0:0:2, ::2",
            "127.0.0.1, 127.0.0.1" })
    void hostsPrintInTheirCanonicalForm(String literal, String canonical) throws UnknownHostException {
        assertThat(Addresses.host(InetAddress.getByName(literal))).isEqualTo(canonical);
    }

    @Test
    void socketAddressesBracketIpv6AndDropTheSlash() throws UnknownHostException {
        assertThat(Addresses.format(new InetSocketAddress(InetAddress.getByName("::1"), 4443))).isEqualTo("[::1]:4443");
        assertThat(Addresses.format(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80))).isEqualTo("127.0.0.1:80");
        assertThat(Addresses.format(InetSocketAddress.createUnresolved("example.invalid", 7))).isEqualTo("example.invalid:7");
    }

    @Test
    void hostsAsGivenAreBracketedAndCanonicalWithoutResolvingNames() {
        assertThat(Addresses.format("0:0:0:0:0:0:0:1", 4443)).isEqualTo("[::1]:4443");
        assertThat(Addresses.format("[::1]", 4443)).isEqualTo("[::1]:4443");
        assertThat(Addresses.format("fe80::1%lo", 1)).isEqualTo("[fe80::1]:1");
        assertThat(Addresses.format("nonexistent.invalid", 1)).isEqualTo("nonexistent.invalid:1");
        assertThat(Addresses.format("not:an:address:zz", 1)).isEqualTo("[not:an:address:zz]:1");
    }

    @Test
    void aContextPrintsItsAddressesCanonically() throws NetException {
        NetContext listener = new NetContext();
        try {
            listener.bind("::1", 0, NetProtocol.TCP);
            assertThat(listener.toString()).matches("NetContext\\[TCP \\[::1]:\\d+]");
        }
        finally {
            listener.close();
        }
    }
}
