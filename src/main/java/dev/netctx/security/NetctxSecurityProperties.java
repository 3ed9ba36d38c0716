package dev.netctx.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Who may do what over HTTP, {@code netctx.security.*}: the credentials that may close contexts
 * (none by default: closing is then disabled), who may read, and the host names the HTTP side
 * answers to. It validates itself when bound, so that a half-configured user fails start-up with a
 * message naming the property.
 * @param username HTTP Basic user name that may close contexts (and read, with read-access authenticated).
 * @param password HTTP Basic password: plain text, or encoded with its encoder's prefix (such as
 * {bcrypt}$2a$10$...).
 * @param token Bearer token that may close contexts, sent in the Authorization header after "Bearer".
 * @param readAccess Who may read: anonymous (everyone) or authenticated (only the configured
 * credentials; the health status stays open to the probes).
 * @param allowedHosts Host names (the Host header) answered besides IP literals and localhost (and its
 * subdomains), which are always answered; "*" answers any. Other hosts are refused with 400, so that
 * a DNS-rebinding page cannot read the API.
 */
@ConfigurationProperties("netctx.security")
public record NetctxSecurityProperties(String username, String password, String token,
        @DefaultValue("anonymous") ReadAccess readAccess, @DefaultValue List<String> allowedHosts) implements Validator {

    /** What to tell a client that reads without credentials while reads need them but none are configured. */
    public static final String HOW_TO_READ = "Reading needs credentials (netctx.security.read-access=authenticated) "
            + "but none are configured: set netctx.security.username and netctx.security.password (HTTP Basic), "
            + "or netctx.security.token (bearer token), and restart";

    /** What to tell a client that tries to close a context while closing is disabled. */
    public static final String HOW_TO_ENABLE = disabled("Closing contexts");

    /** What to tell a client that asks for a probe ({@code POST /api/probe}) while no credentials are configured. */
    public static final String HOW_TO_PROBE = disabled("Probing");

    private static String disabled(String what) {
        return what + " is disabled because no credentials are configured: "
                + "set netctx.security.username and netctx.security.password (HTTP Basic), "
                + "or netctx.security.token (bearer token), and restart";
    }

    /** Whether HTTP Basic credentials are configured. */
    public boolean basicEnabled() {
        return hasText(this.username) && hasText(this.password);
    }

    /** Whether a bearer token is configured. */
    public boolean tokenEnabled() {
        return hasText(this.token);
    }

    /** Whether contexts may be closed, that is whether any credentials are configured. */
    public boolean closingEnabled() {
        return basicEnabled() || tokenEnabled();
    }

    /** The authentication schemes accepted for closing: {@code basic}, {@code bearer}, or none. */
    public List<String> schemes() {
        List<String> schemes = new ArrayList<>(2);
        if (basicEnabled()) {
            schemes.add("basic");
        }
        if (tokenEnabled()) {
            schemes.add("bearer");
        }
        return schemes;
    }

    @Override
    public boolean supports(Class<?> type) {
        return NetctxSecurityProperties.class.equals(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        NetctxSecurityProperties properties = (NetctxSecurityProperties) target;
        if (hasText(properties.username()) && !hasText(properties.password())) {
            errors.rejectValue("password", "required", "is required when netctx.security.username is set");
        }
        if (hasText(properties.password()) && !hasText(properties.username())) {
            errors.rejectValue("username", "required", "is required when netctx.security.password is set");
        }
        if (properties.token() != null && !properties.token().isEmpty() && !hasText(properties.token())) {
            errors.rejectValue("token", "blank", "must not be blank");
        }
    }

    private static boolean hasText(String text) {
        return text != null && !text.isBlank();
    }
}
