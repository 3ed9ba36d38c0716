package dev.netctx.net;

import static dev.netctx.net.NetTesting.assertNetError;
import static dev.netctx.net.NetTesting.portOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

/** {@code 0.0.0.0} is every IPv4 interface only; {@code ::} is every interface of both stacks. */
@Timeout(30)
class WildcardFamilyTests {

    @ParameterizedTest
    @EnumSource(NetProtocol.class)
    void theIpv4WildcardServesIpv4AndRefusesIpv6(NetProtocol protocol) throws Exception {
        try (NetContext listener = new NetContext(); NetContext v4 = new NetContext(); NetContext v6 = new NetContext()) {
            listener.bind("0.0.0.0", 0, protocol);
            v4.connect("127.0.0.1", portOf(listener), protocol);
            assertEchoes(listener, v4, protocol);
            if (protocol == NetProtocol.TCP) {
                assertNetError(NetError.CONNECT_FAILED, () -> v6.connect("::1", portOf(listener), protocol));
            }
            else {
                v6.connect("::1", portOf(listener), protocol);
                v6.send(ascii("anyone?"));
                // nothing listens on ::1 at that port: the ICMP port-unreachable fails the next call
                NetException refused = assertNetError(NetError.RECV_FAILED, () -> v6.recv(new byte[8], 0, 8, 5_000));
                assertThat(refused).hasMessageContaining("refused");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(NetProtocol.class)
    void theIpv6WildcardServesBothStacks(NetProtocol protocol) throws Exception {
        try (NetContext listener = new NetContext(); NetContext v4 = new NetContext(); NetContext v6 = new NetContext()) {
            listener.bind("::", 0, protocol);
            v4.connect("127.0.0.1", portOf(listener), protocol);
            assertEchoes(listener, v4, protocol);
            v6.connect("::1", portOf(listener), protocol);
            assertEchoes(listener, v6, protocol);
        }
    }

    /** The client's bytes reach an accepted context of {@code listener}, and its answer reaches the client. */
    private static void assertEchoes(NetContext listener, NetContext client, NetProtocol protocol) throws Exception {
        client.send(ascii(protocol.id()));
        try (NetContext accepted = listener.accept()) {
            byte[] buf = new byte[16];
            int n = accepted.recv(buf, 0, buf.length, 5_000);
            assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).isEqualTo(protocol.id());
            accepted.send(buf, 0, n);
            assertThat(client.recv(buf, 0, buf.length, 5_000)).isEqualTo(n);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
