package dev.netctx.config;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains unknown {@code netctx.*} properties: each with its origin and the name probably meant. */
class UnknownPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<UnknownPropertiesException> {

    private static final String NEW_LINE = System.lineSeparator();

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnknownPropertiesException cause) {
        String description = cause.properties().stream()
            .map(UnknownPropertiesFailureAnalyzer::describe)
            .collect(Collectors.joining(NEW_LINE, "netctx does not know these properties:" + NEW_LINE + NEW_LINE, ""));
        String action = "Correct or remove them. netctx refuses any netctx.* property it does not read, so that a "
                + "misspelt setting cannot be silently ignored; docs/configuration.md lists every property.";
        return new FailureAnalysis(description, action, cause);
    }

    /** Two lines: the name and what was probably meant, then where it was set. */
    private static String describe(UnknownProperty property) {
        return "    " + property.name() + ((property.hint() != null) ? ": " + property.hint() : "")
                + ((property.origin() != null) ? NEW_LINE + "        (" + property.origin() + ")" : "");
    }
}
