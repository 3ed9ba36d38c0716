package dev.netctx.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Explains a {@code netctx.*} value that cannot be bound or is out of range, in the words of someone
 * writing it: {@code netctx.listeners.x.protocol must be tcp or udp, was 'sctp'}, with where it was
 * set; not the converter's {@code No enum constant ...} or the bound {@code Value: "PT0S"}. Runs
 * before Boot's own analyzers; other prefixes are left to them.
 */
class InvalidValueFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    private static final String NEW_LINE = System.lineSeparator();

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        ConfigurationPropertyName root = UnknownPropertiesCheck.ROOT;
        if (!root.equals(cause.getName()) && !root.isAncestorOf(cause.getName())) {
            return null;
        }
        BindValidationException validation = findCause(cause, BindValidationException.class);
        List<String> problems = (validation != null) ? problems(validation.getValidationErrors())
                : List.of(conversionProblem(cause));
        String description = "Invalid configuration:" + NEW_LINE + NEW_LINE + String.join(NEW_LINE, problems);
        String action = "Correct " + ((problems.size() == 1) ? "this value" : "these values")
                + "; docs/configuration.md lists every netctx property with its default and the values it takes.";
        return new FailureAnalysis(description, action, cause);
    }

    private static String conversionProblem(BindException cause) {
        ConfigurationProperty property = cause.getProperty();
        String value = (property != null && property.getValue() != null) ? property.getValue().toString() : null;
        String expected = ExpectedValue.of(cause.getTarget().getType().toClass(), value);
        if (expected == null) {
            Throwable reason = rootCause(cause);
            expected = "cannot be read" + ((reason.getMessage() != null) ? ": " + reason.getMessage() : "");
        }
        return problem(cause.getName().toString(), expected, value, (property != null) ? property.getOrigin() : null);
    }

    private static List<String> problems(ValidationErrors errors) {
        List<String> problems = new ArrayList<>();
        for (ObjectError error : errors) {
            if (error instanceof FieldError fieldError) {
                ConfigurationPropertyName name = name(errors.getName() + "." + fieldError.getField());
                ConfigurationProperty property = boundProperty(errors.getBoundProperties(), name);
                Origin origin = (Origin.from(fieldError) != null) ? Origin.from(fieldError)
                        : (property != null) ? property.getOrigin() : null;
                problems.add(problem(name.toString(), fieldError.getDefaultMessage(), valueOf(property, name), origin));
            }
            else {
                problems.add(problem(errors.getName().toString(), error.getDefaultMessage(), null, null));
            }
        }
        return problems;
    }

    private static String problem(String name, String expected, String value, Origin origin) {
        return "    " + name + " " + expected + ((value != null) ? ", was '" + value + "'" : "")
                + ((origin != null) ? NEW_LINE + "        (" + origin + ")" : "");
    }

    /** The property that set {@code name}: itself, or the comma-separated list it is an element of. */
    private static ConfigurationProperty boundProperty(Set<ConfigurationProperty> bound, ConfigurationPropertyName name) {
        ConfigurationProperty list = null;
        for (ConfigurationProperty property : bound) {
            if (property.getName().equals(name)) {
                return property;
            }
            if (name.isLastElementIndexed() && property.getName().equals(name.getParent())) {
                list = property;
            }
        }
        return list;
    }

    /** The text the user wrote for {@code name}: its value, or its element of a comma-separated list. */
    private static @Nullable String valueOf(@Nullable ConfigurationProperty property, ConfigurationPropertyName name) {
        if (property == null || property.getValue() == null) {
            return null;
        }
        String value = property.getValue().toString();
        if (property.getName().equals(name)) {
            return value;
        }
        String[] elements = value.split(",");
        int index = Integer.parseInt(name.getLastElement(ConfigurationPropertyName.Form.ORIGINAL));
        return (index < elements.length) ? elements[index].strip() : null;
    }

    private static ConfigurationPropertyName name(String name) {
        ConfigurationPropertyName valid = ConfigurationPropertyName.ofIfValid(name);
        return (valid != null) ? valid : ConfigurationPropertyName.adapt(name, '.');
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
