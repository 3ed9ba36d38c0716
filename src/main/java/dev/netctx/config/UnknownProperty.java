package dev.netctx.config;

import org.springframework.boot.origin.Origin;

/**
 * A {@code netctx.*} property that nothing binds.
 * @param name the property's name, as its source spells it
 * @param origin where it was set (a file and line, a command-line argument), or {@code null} if unknown
 * @param suggestion the nearest valid name, or {@code null} if no valid name is near
 */
public record UnknownProperty(String name, Origin origin, String suggestion) {

    /** One line: the name, where it came from and what was probably meant. */
    String describe() {
        return this.name + ((this.origin != null) ? " (" + this.origin + ")" : "")
                + ((this.suggestion != null) ? ": did you mean " + this.suggestion + "?" : "");
    }
}
