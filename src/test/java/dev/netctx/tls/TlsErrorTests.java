package dev.netctx.tls;

import dev.netctx.net.NetError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TlsErrorTests {

    @Test
    void printsAsMbedTlsDoes() {
        assertThat(TlsError.PEER_CLOSE_NOTIFY).hasToString("PEER_CLOSE_NOTIFY (-0x7880)");
        assertThat(TlsError.X509_CERT_VERIFY_FAILED.hex()).isEqualTo("-0x2700");
        assertThat(TlsError.INVALID_RECORD.tag()).isEqualTo("invalid-record");
    }

    @Test
    void findsErrorsByCodeAndSharesTheNonFatalOnesWithNetError() {
        for (TlsError error : TlsError.values()) {
            assertThat(TlsError.fromCode(error.code())).isSameAs(error);
        }
        assertThat(TlsError.fromCode(NetError.CONN_RESET.code())).isNull();
        for (String name : new String[] { "WANT_READ", "WANT_WRITE", "TIMEOUT" }) {
            assertThat(TlsError.valueOf(name).code()).isEqualTo(NetError.valueOf(name).code());
            assertThat(TlsError.valueOf(name).label()).isEqualTo(NetError.valueOf(name).label());
        }
    }
}
