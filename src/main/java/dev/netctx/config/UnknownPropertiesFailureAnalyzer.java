package dev.netctx.config;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains unknown {@code netctx.*} properties: each with its origin and the name probably meant. */
class UnknownPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<UnknownPropertiesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnknownPropertiesException cause) {
        String description = cause.properties().stream()
            .map(property -> "    Unknown property " + property.describe())
            .collect(Collectors.joining(System.lineSeparator(), "netctx does not know these properties:"
                    + System.lineSeparator() + System.lineSeparator(), ""));
        String action = "Correct or remove them. netctx refuses any netctx.* property it does not read, so that a "
                + "misspelt setting cannot be silently ignored; docs/configuration.md lists every property.";
        return new FailureAnalysis(description, action, cause);
    }
}
