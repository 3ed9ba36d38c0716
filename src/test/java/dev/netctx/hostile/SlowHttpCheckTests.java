package dev.netctx.hostile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.netctx.NetctxCommand;
import dev.netctx.cli.StandardStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code slow-http} against a running service, bounded (100 clients for 4 s, a 1 s deadline): it
 * passes, having seen the server close tricklers while every probe answered; it refuses a target
 * that is not loopback.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "netctx.listeners.tcp.port=0", "netctx.listeners.udp.port=0", "netctx.http.request-header-timeout=1s" })
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowHttpCheckTests {

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Test
    void passesWhenTheServerClosesTricklersAndLivenessAnswers() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        SlowHttpCheck.Result result = SlowHttpCheck.run(new InetSocketAddress("127.0.0.1", this.port),
                URI.create("http://127.0.0.1:" + this.managementPort + "/actuator/health/liveness"), 100,
                Duration.ofSeconds(4), new PrintStream(progress, true, StandardCharsets.UTF_8));
        assertThat(result.passed()).as(result + "\n" + progress).isTrue();
        assertThat(result.closedByServer()).isGreaterThanOrEqualTo(100);
        assertThat(result.opened()).isEqualTo(100 + result.closedByServer());
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("trickling: ");
    }

    @Test
    void refusesATargetThatIsNotLoopback() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StandardStreams streams = new StandardStreams(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(NetctxCommand.run(streams, "slow-http", "--host", "192.0.2.1")).hasValue(NetctxCommand.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--host must be a loopback address");
    }
}
