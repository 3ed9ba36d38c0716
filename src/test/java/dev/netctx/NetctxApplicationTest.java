package dev.netctx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar's command dispatch, as {@code java -jar netctx.jar COMMAND ...} runs it (without the final {@code System.exit}). */
@ExtendWith(OutputCaptureExtension.class)
class NetctxApplicationTest {

    @Test
    void clientHelpExitsWithZero(CapturedOutput output) {
        assertThat(NetctxApplication.runCommand("client", "--help")).isZero();
        assertThat(output.getOut()).startsWith("Usage: java -jar netctx.jar client ");
        assertThat(output.getErr()).isEmpty();
    }

    @Test
    void clientWithAWrongOptionExitsWithTwo(CapturedOutput output) {
        assertThat(NetctxApplication.runCommand("client", "tcp", "--bogus")).isEqualTo(2);
        assertThat(output.getErr()).startsWith("Unknown option: '--bogus'");
        assertThat(output.getOut()).isEmpty();
    }

    @Test
    void unknownCommandListsTheCommandsAndExitsWithTwo(CapturedOutput output) {
        assertThat(NetctxApplication.runCommand("clinet")).isEqualTo(2);
        assertThat(output.getErr()).contains("Unknown command 'clinet'", "server (the default), bench, client");
    }
}
