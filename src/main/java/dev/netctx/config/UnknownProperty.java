package dev.netctx.config;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.origin.Origin;

/**
 * A {@code netctx.*} property that nothing binds.
 * @param name the property's name, in Boot's canonical form
 * @param origin where it was set (a file and line, a command-line argument), or {@code null} if unknown
 * @param hint what was probably meant ({@code did you mean netctx.listeners.tcp.port?}), or {@code null}
 */
public record UnknownProperty(String name, @Nullable Origin origin, @Nullable String hint) {

    /** One line: the name, the hint and where it came from. */
    String describe() {
        return this.name + ((this.hint != null) ? ": " + this.hint : "")
                + ((this.origin != null) ? " (" + this.origin + ")" : "");
    }
}
