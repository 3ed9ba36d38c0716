package dev.netctx.config;

import java.beans.PropertyDescriptor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.core.ResolvableType;

/**
 * The property names that one {@code @ConfigurationProperties} type binds below its prefix, read
 * from the type's structure as the {@code Binder} reads it: a record's components (or a JavaBean's
 * writable properties) by their dashed names, any key of a map, any index of a list or array.
 * Names compare as Boot compares them ({@code maxConnections}, {@code max-connections} and
 * {@code maxconnections} are one name).
 */
final class PropertyTree {

    /** What a map of values holds: any name below an entry is part of its key (Boot binds dotted keys). */
    private static final ResolvableType ANY_VALUE = ResolvableType.forClass(Object.class);

    private final ConfigurationPropertyName prefix;

    private final ResolvableType type;

    PropertyTree(ConfigurationPropertyName prefix, Class<?> type) {
        this.prefix = prefix;
        this.type = ResolvableType.forClass(type);
    }

    /** Whether binding this type reads {@code name} as a value (a name of a group of properties is not read). */
    boolean accepts(ConfigurationPropertyName name) {
        return (this.prefix.equals(name) || this.prefix.isAncestorOf(name))
                && accepts(this.type, name, this.prefix.getNumberOfElements());
    }

    /** Whether {@code name} is the name of a group of properties (this type's prefix, a record, a map of them). */
    boolean isGroup(ConfigurationPropertyName name) {
        return (this.prefix.equals(name) || this.prefix.isAncestorOf(name))
                && groupAt(this.type, name, this.prefix.getNumberOfElements());
    }

    /**
     * Every leaf name of this type: a map of groups is expanded with the keys that {@code mapKeys}
     * gives for its name (the keys in use), other maps and lists are named once.
     */
    List<ConfigurationPropertyName> leaves(Function<ConfigurationPropertyName, Set<String>> mapKeys) {
        List<ConfigurationPropertyName> leaves = new ArrayList<>();
        collectLeaves(this.type, this.prefix, mapKeys, leaves);
        return leaves;
    }

    private static boolean accepts(ResolvableType type, ConfigurationPropertyName name, int index) {
        if (index == name.getNumberOfElements()) {
            return !holdsProperties(type) && !isMapOfGroups(type);
        }
        ResolvableType child = child(type, name, index);
        return child != null && accepts(child, name, index + 1);
    }

    private static boolean groupAt(ResolvableType type, ConfigurationPropertyName name, int index) {
        if (index == name.getNumberOfElements()) {
            return holdsProperties(type) || isMapOfGroups(type);
        }
        ResolvableType child = child(type, name, index);
        return child != null && groupAt(child, name, index + 1);
    }

    /**
     * The type that element {@code index} of {@code name} selects in {@code type}: a map's value, a
     * list's element, a group's property; {@link #ANY_VALUE} within an entry of a map of values;
     * {@code null} if it selects nothing.
     */
    private static @Nullable ResolvableType child(ResolvableType type, ConfigurationPropertyName name, int index) {
        Class<?> raw = type.toClass();
        if (Map.class.isAssignableFrom(raw)) {
            ResolvableType value = type.asMap().getGeneric(1);
            return holdsProperties(value) ? value : ANY_VALUE;
        }
        if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            ResolvableType element = raw.isArray() ? type.getComponentType() : type.asCollection().getGeneric(0);
            return name.isNumericIndex(index) ? element : null;
        }
        if (type == ANY_VALUE) {
            return ANY_VALUE;
        }
        if (!holdsProperties(type) || name.isNumericIndex(index)) {
            return null;
        }
        Property property = properties(type).get(name.getElement(index, Form.UNIFORM));
        return (property != null) ? property.type() : null;
    }

    private static boolean isMapOfGroups(ResolvableType type) {
        return Map.class.isAssignableFrom(type.toClass()) && holdsProperties(type.asMap().getGeneric(1));
    }

    private static void collectLeaves(ResolvableType type, ConfigurationPropertyName name,
            Function<ConfigurationPropertyName, Set<String>> mapKeys, List<ConfigurationPropertyName> leaves) {
        Class<?> raw = type.toClass();
        if (Map.class.isAssignableFrom(raw) && holdsProperties(type.asMap().getGeneric(1))) {
            for (String key : mapKeys.apply(name)) {
                collectLeaves(type.asMap().getGeneric(1), name.append(key), mapKeys, leaves);
            }
        }
        else if (holdsProperties(type)) {
            for (Property property : properties(type).values()) {
                collectLeaves(property.type(), name.append(property.dashedName()), mapKeys, leaves);
            }
        }
        else {
            leaves.add(name);
        }
    }

    /** Whether a type holds properties of its own (as opposed to a value, a map or a list). */
    private static boolean holdsProperties(ResolvableType type) {
        Class<?> raw = type.toClass();
        if (raw.isRecord()) {
            return true;
        }
        if (raw.isPrimitive() || raw.isEnum() || raw.isArray() || raw.isInterface() || Map.class.isAssignableFrom(raw)
                || Collection.class.isAssignableFrom(raw)) {
            return false;
        }
        String packageName = raw.getPackageName();
        boolean library = packageName.startsWith("java") || packageName.startsWith("org.springframework");
        return !library && writableProperties(raw).length > 0;
    }

    /** The properties of a group by the uniform form of their names, in declaration order. */
    private static Map<String, Property> properties(ResolvableType type) {
        Map<String, Property> properties = new LinkedHashMap<>();
        Class<?> raw = type.toClass();
        if (raw.isRecord()) {
            for (RecordComponent component : raw.getRecordComponents()) {
                Property property = new Property(component.getName(),
                        ResolvableType.forMethodReturnType(component.getAccessor(), raw));
                properties.put(property.uniformName(), property);
            }
        }
        else {
            for (PropertyDescriptor descriptor : writableProperties(raw)) {
                Property property = new Property(descriptor.getName(),
                        ResolvableType.forMethodParameter(descriptor.getWriteMethod(), 0, raw));
                properties.put(property.uniformName(), property);
            }
        }
        return properties;
    }

    private static PropertyDescriptor[] writableProperties(Class<?> type) {
        return Arrays.stream(BeanUtils.getPropertyDescriptors(type))
            .filter(descriptor -> descriptor.getWriteMethod() != null)
            .toArray(PropertyDescriptor[]::new);
    }

    /** One property of a group: its Java name and type. */
    private record Property(String javaName, ResolvableType type) {

        String dashedName() {
            return DataObjectPropertyName.toDashedForm(this.javaName);
        }

        String uniformName() {
            return ConfigurationPropertyName.of(dashedName()).getElement(0, Form.UNIFORM);
        }
    }
}
