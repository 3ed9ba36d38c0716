package dev.netctx.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown at start-up when the configuration holds {@code netctx.*} properties that nothing binds. */
public class UnknownPropertiesException extends RuntimeException {

    private final List<UnknownProperty> properties;

    UnknownPropertiesException(List<UnknownProperty> properties) {
        super("Unknown configuration properties: "
                + properties.stream().map(UnknownProperty::describe).collect(Collectors.joining("; ")));
        this.properties = List.copyOf(properties);
    }

    /** The unknown properties, in the order of their sources' precedence. */
    public List<UnknownProperty> properties() {
        return this.properties;
    }
}
