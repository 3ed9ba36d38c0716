package dev.netctx.security;

import dev.netctx.NetctxApplication;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** Half-configured credentials fail start-up, and what Boot prints names the missing property. */
@ExtendWith(OutputCaptureExtension.class)
class SecurityPropertiesTests {

    @ParameterizedTest
    @CsvSource({ "netctx.security.username=operator, netctx.security.password",
            "netctx.security.password=secret, netctx.security.username",
            "'netctx.security.token= ', netctx.security.token" })
    void startUpFailsNamingTheProperty(String setting, String property, CapturedOutput output) {
        assertThatException().isThrownBy(() -> SpringApplication.run(NetctxApplication.class, "--server.port=0",
                "--netctx.listeners.tcp.port=0", "--netctx.listeners.udp.port=0", "--" + setting).close());
        assertThat(output).contains("APPLICATION FAILED TO START").contains(property);
    }
}
