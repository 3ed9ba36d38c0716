package dev.netctx.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's command line: help, and usage errors that print the synopsis and exit with status 2 before any connection. */
class EchoClientOptionsTests {

    @Test
    void helpDocumentsEveryOptionAndTheExitStatuses() {
        ClientRun run = ClientRun.of("", "--help");

        assertThat(run.out()).startsWith("The echo client: ").contains("Usage: java -jar netctx.jar client ")
                .contains("tcp|udp", "--host=<host>", "--port=<port>", "--timeout=<time>", "--[no-]interactive",
                        "--count=<n>", "--size=<size>", "-h, --help", "-V, --version", "default: 127.0.0.1",
                        "default: 4442", "default: 5s", "default: 64B", "Exit status:", "  0 ", "  1 ", "  2 ", "  3 ");
        assertThat(run.err()).isEmpty();
        assertThat(run.status()).isZero();
    }

    @Test
    void wrongProtocolNamesTheAcceptedOnes() {
        ClientRun run = ClientRun.of("", "sctp");

        assertThat(run.errLines().get(0)).endsWith("unknown protocol 'sctp', expected tcp or udp");
        assertThat(run.err()).contains("Usage: java -jar netctx.jar client ", "Try 'java -jar netctx.jar client --help'");
        assertThat(run.out()).isEmpty();
        assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_USAGE);
    }

    @Test
    void misspeltOptionSuggestsTheRightOne() {
        ClientRun run = ClientRun.of("", "tcp", "--hots", "example.org");

        assertThat(run.err()).contains("Unknown options: '--hots', 'example.org'", "--host");
        assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_USAGE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            tcp --port 0                      | --port must be 1..65535, got 0
            tcp --port 65536                  | --port must be 1..65535, got 65536
            tcp --timeout 0                   | --timeout must be 1ms to 24 days, got PT0S
            tcp --timeout 25d                 | --timeout must be 1ms to 24 days, got PT600H
            tcp --timeout soon                | 'soon' is not a time: use e.g. 500ms, 5s, 2m or PT1.5S
            tcp --timeout -1s                 | '-1s' is negative
            tcp --count 1 --size 1.5KB        | '1.5KB' is not a size
            tcp --size 10                     | Missing required argument(s): --count=<n>
            tcp --count 0                     | --count must be 1 or more, got 0
            udp --count 1 --size 65508        | --size must be 1..65507 bytes over UDP, got 65508
            udp --count 1 --size 64KB         | --size must be 1..65507 bytes over UDP, got 65536
            tcp --count 1 --size 0            | --size must be 1..16777216 bytes over TCP, got 0
            tcp --count 1 --size 17MB         | --size must be 1..16777216 bytes over TCP, got 17825792
            tcp udp                           | Unmatched argument at index 2: 'udp'
            ""                                | Missing required parameter: 'tcp|udp'
            """)
    void wrongValuesAreUsageErrors(String args, String message) {
        ClientRun run = ClientRun.of("", args.isEmpty() ? new String[0] : args.split(" "));

        assertThat(run.errLines().get(0)).contains(message);
        assertThat(run.status()).isEqualTo(EchoClientCommand.EXIT_USAGE);
    }
}
