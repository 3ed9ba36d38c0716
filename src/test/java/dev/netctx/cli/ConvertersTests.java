package dev.netctx.cli;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Times and sizes on the command line read as Spring Boot reads them in properties. */
class ConvertersTests {

    @ParameterizedTest
    @CsvSource({ "250ms, PT0.25S", "5s, PT5S", "2m, PT2M", "1h, PT1H", "7, PT0.007S", "PT1.5S, PT1.5S", " 10S , PT10S",
        "0s, PT0S" })
    void timesAreReadAsSpringBootDoes(String text, Duration expected) {
        assertThat(new DurationConverter().convert(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "-1s", "PT-5S", "5 s", "1.5s", "soon", "" })
    void negativeOrMalformedTimesAreRefused(String text) {
        assertThatExceptionOfType(TypeConversionException.class).isThrownBy(() -> new DurationConverter().convert(text))
            .withMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({ "512, 512", "512B, 512", "64KB, 65536", "1MB, 1048576", " 2KB , 2048" })
    void sizesAreReadAsSpringBootDoes(String text, long bytes) {
        assertThat(new DataSizeConverter().convert(text).toBytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = { "-1", "1.5KB", "64 KiB", "2kb", "big", "" })
    void negativeOrMalformedSizesAreRefused(String text) {
        assertThatExceptionOfType(TypeConversionException.class).isThrownBy(() -> new DataSizeConverter().convert(text))
            .withMessageContaining("'" + text + "'");
    }
}
