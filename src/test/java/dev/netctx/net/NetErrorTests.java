package dev.netctx.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NetErrorTests {

    @Test
    void codesAreThoseOfMbedTls36() {
        Map<NetError, Integer> expected = Map.ofEntries(Map.entry(NetError.SOCKET_FAILED, -0x0042),
                Map.entry(NetError.CONNECT_FAILED, -0x0044), Map.entry(NetError.BIND_FAILED, -0x0046),
                Map.entry(NetError.LISTEN_FAILED, -0x0048), Map.entry(NetError.ACCEPT_FAILED, -0x004A),
                Map.entry(NetError.RECV_FAILED, -0x004C), Map.entry(NetError.SEND_FAILED, -0x004E),
                Map.entry(NetError.CONN_RESET, -0x0050), Map.entry(NetError.UNKNOWN_HOST, -0x0052),
                Map.entry(NetError.BUFFER_TOO_SMALL, -0x0043), Map.entry(NetError.INVALID_CONTEXT, -0x0045),
                Map.entry(NetError.POLL_FAILED, -0x0047), Map.entry(NetError.BAD_INPUT_DATA, -0x0049),
                Map.entry(NetError.WANT_READ, -0x6900), Map.entry(NetError.WANT_WRITE, -0x6880),
                Map.entry(NetError.TIMEOUT, -0x6800));
        Map<NetError, Integer> actual = Arrays.stream(NetError.values())
            .collect(Collectors.toMap(e -> e, NetError::code));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void printsAsMbedTlsDoes() {
        assertThat(NetError.CONNECT_FAILED).hasToString("CONNECT_FAILED (-0x0044)");
        assertThat(NetError.WANT_READ.hex()).isEqualTo("-0x6900");
        assertThat(new NetException(NetError.UNKNOWN_HOST, "nowhere.invalid"))
            .hasMessage("UNKNOWN_HOST (-0x0052): nowhere.invalid");
    }

    @Test
    void findsErrorsByCode() {
        for (NetError error : NetError.values()) {
            assertThat(NetError.fromCode(error.code())).isSameAs(error);
        }
        assertThat(NetError.fromCode(5)).isNull();
    }

    @Test
    void parsesProtocolsIgnoringCase() {
        assertThat(NetProtocol.parse("TCP")).isEqualTo(NetProtocol.TCP);
        assertThat(NetProtocol.parse(" udp ")).isEqualTo(NetProtocol.UDP);
        assertThat(NetProtocol.UDP.id()).isEqualTo("udp");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
            .isThrownBy(() -> NetProtocol.parse("sctp"))
            .withMessageContaining("tcp or udp");
    }
}
