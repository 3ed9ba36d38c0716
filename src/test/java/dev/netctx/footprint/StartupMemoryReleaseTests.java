package dev.netctx.footprint;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(OutputCaptureExtension.class)
class StartupMemoryReleaseTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withUserConfiguration(FootprintConfiguration.class);

    @Test
    void releasesMemoryByDefault() {
        this.contextRunner.run((context) -> assertThat(context).hasSingleBean(StartupMemoryRelease.class));
    }

    @Test
    void canBeTurnedOff() {
        this.contextRunner.withPropertyValues("netctx.memory.release-after-startup=false")
            .run((context) -> assertThat(context).doesNotHaveBean(StartupMemoryRelease.class));
    }

    @Test
    void collectsTrimsAndReportsTheResidentSet(CapturedOutput output) {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux's /proc/self/status");
        new StartupMemoryRelease().release();
        assertThat(output).containsPattern("Released start-up memory in \\d+ ms \\(heap collected, C heap trimmed\\): "
                + "resident set \\d+ MB -> \\d+ MB; netctx.memory.release-after-startup=false turns this off");
    }

    @Test
    void processStatusReadsTheResidentSetAndOtherFields() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux's /proc/self/status");
        assertThat(ProcessStatus.self().residentKib().orElseThrow()).isPositive();
        assertThat(ProcessStatus.of(ProcessHandle.current().pid()).field("Threads").orElseThrow()).isPositive();
        assertThat(ProcessStatus.self().field("NoSuchField")).isEmpty();
    }

    @Test
    void aProcessThatIsNotThereHasNoFields() {
        assertThat(ProcessStatus.of(Long.MAX_VALUE).residentKib()).isEmpty();
    }
}
