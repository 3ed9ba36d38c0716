package dev.netctx.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.netctx.proxy.ProxyHeaders.ascii;
import static dev.netctx.proxy.ProxyHeaders.concat;
import static dev.netctx.proxy.ProxyHeaders.tlv;
import static dev.netctx.proxy.ProxyHeaders.v2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The reader against headers written from the specification: valid ones, split anyhow, and every kind of bad one. */
class ProxyHeaderReaderTests {

    private static final InetSocketAddress CLIENT4 = address("203.0.113.7", 51000);

    private static final InetSocketAddress SERVER4 = address("198.51.100.1", 4442);

    private static final InetSocketAddress CLIENT6 = address("2001:db8::7", 51000);

    private static final InetSocketAddress SERVER6 = address("2001:db8::1", 4442);

    private static final byte[] PAYLOAD = ascii("hello\n");

    @Test
    void readsAV1Tcp4HeaderAndLeavesThePayloadAfterIt() throws Exception {
        ByteBuffer input = ByteBuffer.wrap(concat(ascii("PROXY TCP4 203.0.113.7 198.51.100.1 51000 4442\r\n"), PAYLOAD));
        ProxyHeader header = new ProxyHeaderReader().read(input);
        assertThat(header).isEqualTo(new ProxyHeader(1, CLIENT4, SERVER4, null, false, 48));
        assertThat(rest(input)).isEqualTo(PAYLOAD);
    }

    @Test
    void readsAV1Tcp6Header() throws Exception {
        ProxyHeader header = read(ascii("PROXY TCP6 2001:db8::7 2001:DB8:0:0:0:0:0:1 51000 4442\r\n"));
        assertThat(header.source()).isEqualTo(CLIENT6);
        assertThat(header.destination()).isEqualTo(SERVER6);
    }

    @ParameterizedTest
    @ValueSource(strings = { "PROXY UNKNOWN\r\n", "PROXY UNKNOWN ffff::1 ffff::2 65535 65535\r\n" })
    void aV1UnknownHeaderIsTheProxysOwnConnection(String line) throws Exception {
        ProxyHeader header = read(ascii(line));
        assertThat(header.local()).isTrue();
        assertThat(header.length()).isEqualTo(line.length());
    }

    @Test
    void readsTheLongestV1LineOf107Bytes() throws Exception {
        String full = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
        String line = "PROXY UNKNOWN " + full + " " + full + " 65535 65535\r\n";
        assertThat(line).hasSize(107);
        assertThat(read(ascii(line)).local()).isTrue();
    }

    @Test
    void readsAV2Ipv4HeaderWithTheAuthorityAndTlsTlvsAndSkipsOthers() throws Exception {
        byte[] header = ProxyHeaders.v2(CLIENT4, SERVER4, true, tlv(0x04, new byte[5]),
                tlv(0x02, "echo.example".getBytes(StandardCharsets.UTF_8)), tlv(0x20, new byte[] { 1, 0, 0, 0, 0 }),
                tlv(0xEA, ascii("vpce-0123456789")));
        ByteBuffer input = ByteBuffer.wrap(concat(header, PAYLOAD));
        assertThat(new ProxyHeaderReader().read(input))
            .isEqualTo(new ProxyHeader(2, CLIENT4, SERVER4, "echo.example", true, header.length));
        assertThat(rest(input)).isEqualTo(PAYLOAD);
    }

    @Test
    void readsAV2Ipv6Header() throws Exception {
        assertThat(read(ProxyHeaders.v2(CLIENT6, SERVER6, true)))
            .isEqualTo(new ProxyHeader(2, CLIENT6, SERVER6, null, false, 16 + 36));
    }

    @Test
    void aV2LocalHeaderIsTheProxysOwnConnectionWhateverItCarries() throws Exception {
        assertThat(read(ProxyHeaders.v2Local()).local()).isTrue();
        // "must not assume zero is presented for LOCAL connections": the length counts
        ByteBuffer input = ByteBuffer.wrap(concat(v2(0x20, 0x11, new byte[12]), PAYLOAD));
        assertThat(new ProxyHeaderReader().read(input).local()).isTrue();
        assertThat(rest(input)).isEqualTo(PAYLOAD);
    }

    @Test
    void aV2UnspecifiedOrUnixFamilyIsTheProxysOwnConnection() throws Exception {
        assertThat(read(v2(0x21, 0x00, new byte[0])).local()).isTrue();
        assertThat(read(v2(0x21, 0x31, new byte[216])).local()).isTrue();
    }

    @Test
    void checksAV2Crc32c() throws Exception {
        byte[] header = ProxyHeaders.withCrc(ProxyHeaders.v2(CLIENT4, SERVER4, true, tlv(0x03, new byte[4])));
        assertThat(read(header).source()).isEqualTo(CLIENT4);
        header[16] ^= 1;
        assertInvalid(header, "v2 CRC32C");
    }

    @Test
    void takesAHeaderSplitAtEveryByteAndNoByteAfterIt() throws Exception {
        for (byte[] header : new byte[][] { ProxyHeaders.v1(CLIENT6, SERVER6), ProxyHeaders.v2(CLIENT6, SERVER6, true,
                tlv(0x02, ascii("a.example"))) }) {
            ProxyHeaderReader reader = new ProxyHeaderReader();
            byte[] stream = concat(header, PAYLOAD);
            ProxyHeader read = null;
            int at = 0;
            while (read == null) {
                ByteBuffer oneByte = ByteBuffer.wrap(stream, at++, 1);
                read = reader.read(oneByte);
                assertThat(oneByte.hasRemaining()).isFalse();
            }
            assertThat(at).isEqualTo(header.length);
            assertThat(read.source()).isEqualTo(CLIENT6);
        }
    }

    @Test
    void takesAHeaderSplitInTwoAnywhere() throws Exception {
        byte[] header = ProxyHeaders.v2(CLIENT4, SERVER4, true);
        for (int split = 1; split < header.length; split++) {
            ProxyHeaderReader reader = new ProxyHeaderReader();
            assertThat(reader.read(ByteBuffer.wrap(header, 0, split))).isNull();
            assertThat(reader.signatureSeen()).isEqualTo(split >= 12);
            ByteBuffer second = ByteBuffer.wrap(concat(Arrays.copyOfRange(header, split, header.length), PAYLOAD));
            assertThat(reader.read(second).source()).isEqualTo(CLIENT4);
            assertThat(rest(second)).isEqualTo(PAYLOAD);
        }
    }

    @Test
    void bytesThatCannotStartAHeaderAreHeldForTheCaller() throws Exception {
        ProxyHeaderReader reader = new ProxyHeaderReader();
        assertThat(reader.read(ByteBuffer.wrap(ascii("PRO")))).isNull();
        assertThat(reader.absent()).isFalse();
        ByteBuffer next = ByteBuffer.wrap(ascii("FILE\n"));
        assertThat(reader.read(next)).isNull();
        assertThat(reader.absent()).isTrue();
        assertThat(rest(reader.held())).isEqualTo(ascii("PROF"));
        assertThat(rest(next)).isEqualTo(ascii("ILE\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "PROXY TCP4 203.0.113.7 198.51.100.1 51000 4442\n", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rX\n",
            "PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n", "PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n",
            "PROXY TCP4 01.2.3.4 5.6.7.8 1 2\r\n", "PROXY TCP4 1.2.3.256 5.6.7.8 1 2\r\n", "PROXY TCP4 ::1 ::1 1 2\r\n",
            "PROXY TCP6 1.2.3.4 ::1 1 2\r\n", "PROXY TCP6 ::1 example 1 2\r\n", "PROXY TCP6 ::1 ::1:: 1 2\r\n",
            "PROXY TCP6 ::ffff:1.2.3.4 ::1 1 2\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n",
            "PROXY TCP4 1.2.3.4 5.6.7.8 080 2\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n", "PROXY tcp4 1.2.3.4 5.6.7.8 1 2\r\n",
            "PROXY TCP4 1.2.3.4 5.6.7.8 1 -2\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\u0000\r\n" })
    void refusesAnInvalidV1Header(String line) {
        assertInvalid(ascii(line), "");
    }

    @Test
    void refusesAV1LineWithoutCrlfInItsFirst107Bytes() {
        byte[] line = ascii("PROXY UNKNOWN " + "f".repeat(100));
        assertInvalid(line, "without CRLF in its first 107 bytes");
    }

    @Test
    void refusesAV1HeaderAtItsFirstWrongByteWithoutWaitingForTheLine() {
        ProxyHeaderReader reader = new ProxyHeaderReader();
        assertThatExceptionOfType(ProxyProtocolException.class)
            .isThrownBy(() -> reader.read(ByteBuffer.wrap(ascii("PROXY GET / HTTP/1.1"))))
            .withMessageContaining("byte 0x2F at 10");
    }

    @Test
    void refusesAV2HeaderWithAWrongVersionOrCommandAtItsThirteenthByte() {
        assertInvalid(Arrays.copyOf(v2(0x11, 0x11, new byte[12]), 13), "version 1, not 2");
        assertInvalid(Arrays.copyOf(v2(0x22, 0x11, new byte[12]), 13), "unknown v2 command 2");
    }

    @ParameterizedTest
    @ValueSource(ints = { 0x10, 0x01, 0x13, 0x41, 0x23, 0x30, 0xFF })
    void refusesAV2HeaderWithAnInvalidFamilyAndTransport(int familyTransport) {
        assertInvalid(v2(0x21, familyTransport, new byte[216]), "invalid v2 family and transport");
    }

    @Test
    void refusesAV2HeaderTooShortForItsAddresses() {
        assertInvalid(v2(0x21, 0x11, new byte[11]), "v2 header of 11 bytes for addresses of 12");
        assertInvalid(v2(0x21, 0x21, new byte[12]), "v2 header of 12 bytes for addresses of 36");
    }

    @Test
    void refusesAV2HeaderLongerThan4KiBBeforeReadingIt() {
        byte[] fixed = Arrays.copyOf(v2(0x21, 0x11, new byte[4097]), 16);
        assertInvalid(fixed, "v2 header of 4097 bytes after its fixed part, more than the 4096 accepted");
        byte[] largest = ProxyHeaders.v2(CLIENT4, SERVER4, true, tlv(0x04, new byte[4096 - 12 - 3]));
        assertThat(read(largest).length()).isEqualTo(16 + 4096);
    }

    @Test
    void refusesAV2TlvThatOverrunsTheHeader() {
        byte[] header = ProxyHeaders.v2(CLIENT4, SERVER4, true, new byte[] { 0x02, 0x00, 0x09, 'a', 'b' });
        assertInvalid(header, "v2 TLV 0x02 of 9 bytes overruns the header by 7");
        assertInvalid(ProxyHeaders.v2(CLIENT4, SERVER4, true, new byte[] { 0x02, 0x00 }), "v2 TLV cut short");
    }

    @Test
    void refusesAV2DatagramHeaderOnAStream() {
        assertInvalid(ProxyHeaders.v2(CLIENT4, SERVER4, false), "announces a datagram connection on a TCP listener");
    }

    @Test
    void takesTheHeaderOffADatagram() throws Exception {
        ByteBuffer datagram = ByteBuffer.wrap(concat(ProxyHeaders.v2(CLIENT6, SERVER6, false), PAYLOAD));
        assertThat(ProxyHeaderReader.readDatagram(datagram).source()).isEqualTo(CLIENT6);
        assertThat(rest(datagram)).isEqualTo(PAYLOAD);
        ByteBuffer local = ByteBuffer.wrap(concat(ProxyHeaders.v2Local(), PAYLOAD));
        assertThat(ProxyHeaderReader.readDatagram(local).local()).isTrue();
        assertThat(rest(local)).isEqualTo(PAYLOAD);
    }

    @Test
    void aDatagramWithoutTheV2SignatureHasNoHeaderAndKeepsItsBytes() throws Exception {
        for (byte[] bytes : new byte[][] { PAYLOAD, ProxyHeaders.v1(CLIENT4, SERVER4), Arrays.copyOf(ProxyHeaders.SIGNATURE, 11) }) {
            ByteBuffer datagram = ByteBuffer.wrap(bytes);
            assertThat(ProxyHeaderReader.readDatagram(datagram)).isNull();
            assertThat(datagram.position()).isZero();
        }
    }

    @Test
    void refusesATruncatedOrInvalidDatagramHeader() {
        byte[] header = ProxyHeaders.v2(CLIENT4, SERVER4, false);
        assertThatExceptionOfType(ProxyProtocolException.class)
            .isThrownBy(() -> ProxyHeaderReader.readDatagram(ByteBuffer.wrap(header, 0, 20)))
            .withMessage("datagram of 20 bytes ends in a v2 header of 28");
        assertThatExceptionOfType(ProxyProtocolException.class)
            .isThrownBy(() -> ProxyHeaderReader.readDatagram(ByteBuffer.wrap(header, 0, 14)))
            .withMessage("datagram of 14 bytes ends in a v2 header's fixed part");
        assertThatExceptionOfType(ProxyProtocolException.class)
            .isThrownBy(() -> ProxyHeaderReader.readDatagram(ByteBuffer.wrap(ProxyHeaders.v2(CLIENT4, SERVER4, true))))
            .withMessage("v2 header announces a stream connection on a UDP listener");
    }

    private static ProxyHeader read(byte[] header) {
        ByteBuffer input = ByteBuffer.wrap(header);
        try {
            ProxyHeader read = new ProxyHeaderReader().read(input);
            assertThat(read).isNotNull();
            assertThat(input.hasRemaining()).isFalse();
            return read;
        }
        catch (ProxyProtocolException ex) {
            throw new AssertionError(ex);
        }
    }

    private static void assertInvalid(byte[] bytes, String message) {
        assertThatExceptionOfType(ProxyProtocolException.class)
            .isThrownBy(() -> new ProxyHeaderReader().read(ByteBuffer.wrap(bytes)))
            .withMessageContaining(message);
    }

    private static byte[] rest(ByteBuffer buffer) {
        byte[] rest = new byte[buffer.remaining()];
        buffer.get(rest);
        return rest;
    }

    private static InetSocketAddress address(String literal, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(literal), port);
        }
        catch (java.net.UnknownHostException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
