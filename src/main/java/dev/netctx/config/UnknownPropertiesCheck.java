package dev.netctx.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Stops start-up when the configuration holds a {@code netctx.*} property that no
 * {@code @ConfigurationProperties} type under {@code netctx} binds, naming the property, where it
 * was set and the nearest valid name. Map values are checked as deep as the rest
 * ({@code netctx.listeners.<name>.max-conections}), which Boot's {@code ignoreUnknownFields = false}
 * cannot do across several properties types sharing one prefix.
 *
 * <p>It runs once the bean definitions are known and before any bean is created, so that a misspelt
 * name is reported rather than the errors it causes later (a listener without its protocol). As with
 * {@code ignoreUnknownFields = false}, the operating system's environment and the JVM's system
 * properties are not checked: other programs share them (a compose file's {@code NETCTX_HOST_ADDRESS},
 * a build's {@code -Dnetctx.browser-tests}).
 */
class UnknownPropertiesCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    /** The root of the names that are checked. */
    static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("netctx");

    private static final Set<String> SHARED_SOURCES = Set.of(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<UnknownProperty> unknown = find(ConfigurationPropertySources.get(this.environment), trees(beanFactory));
        if (!unknown.isEmpty()) {
            throw new UnknownPropertiesException(unknown);
        }
    }

    /** The {@code netctx.*} properties of {@code sources} that none of {@code trees} accepts. */
    static List<UnknownProperty> find(Iterable<ConfigurationPropertySource> sources, List<PropertyTree> trees) {
        Map<ConfigurationPropertyName, IterableConfigurationPropertySource> names = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : sources) {
            if (source instanceof IterableConfigurationPropertySource iterable && !isShared(source)) {
                iterable.stream()
                    .filter(name -> ROOT.equals(name) || ROOT.isAncestorOf(name))
                    .forEach(name -> names.putIfAbsent(name, iterable));
            }
        }
        List<String> validNames = null;
        List<UnknownProperty> unknown = new ArrayList<>();
        for (Map.Entry<ConfigurationPropertyName, IterableConfigurationPropertySource> entry : names.entrySet()) {
            ConfigurationPropertyName name = entry.getKey();
            ConfigurationProperty property = entry.getValue().getConfigurationProperty(name);
            boolean group = trees.stream().anyMatch(tree -> tree.isGroup(name));
            if (trees.stream().noneMatch(tree -> tree.accepts(name)) && !(group && isEmpty(property))) {
                validNames = (validNames != null) ? validNames : validNames(trees, names.keySet());
                unknown.add(new UnknownProperty(name.toString(), (property != null) ? property.getOrigin() : null,
                        group ? groupHint(name, validNames) : nearestHint(name, validNames)));
            }
        }
        return unknown;
    }

    /** A group named without a property, e.g. {@code netctx.listeners.tcp=abc}, is a mistake unless empty (YAML's {@code tcp:}). */
    private static boolean isEmpty(ConfigurationProperty property) {
        return property == null || property.getValue() == null || property.getValue().toString().isBlank();
    }

    private static String nearestHint(ConfigurationPropertyName name, List<String> validNames) {
        return NearestName.of(name.toString(), validNames).map(nearest -> "did you mean " + nearest + "?").orElse(null);
    }

    private static String groupHint(ConfigurationPropertyName name, List<String> validNames) {
        String prefix = name + ".";
        return validNames.stream()
            .filter(valid -> valid.startsWith(prefix))
            .findFirst()
            .map(example -> "it holds properties, not a value, such as " + example)
            .orElse("it holds properties, not a value");
    }

    /** Every valid leaf name, maps expanded with the keys in use (the listener names). */
    private static List<String> validNames(List<PropertyTree> trees, Set<ConfigurationPropertyName> names) {
        List<String> valid = new ArrayList<>();
        for (PropertyTree tree : trees) {
            tree.leaves(map -> keysUnder(map, names)).forEach(leaf -> valid.add(leaf.toString()));
        }
        return valid;
    }

    private static Set<String> keysUnder(ConfigurationPropertyName map, Set<ConfigurationPropertyName> names) {
        Set<String> keys = new LinkedHashSet<>();
        for (ConfigurationPropertyName name : names) {
            if (map.isAncestorOf(name)) {
                keys.add(name.getElement(map.getNumberOfElements(), Form.DASHED));
            }
        }
        return keys;
    }

    private static boolean isShared(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof PropertySource<?> propertySource
                && SHARED_SOURCES.contains(propertySource.getName());
    }

    /** A tree for every bean whose {@code @ConfigurationProperties} prefix is {@code netctx} or below it. */
    private static List<PropertyTree> trees(ConfigurableListableBeanFactory beanFactory) {
        List<PropertyTree> trees = new ArrayList<>();
        for (String beanName : beanFactory.getBeanDefinitionNames()) {
            ConfigurationProperties annotation = beanFactory.findAnnotationOnBean(beanName, ConfigurationProperties.class,
                    false);
            Class<?> type = beanFactory.getType(beanName, false);
            if (annotation != null && type != null) {
                ConfigurationPropertyName prefix = ConfigurationPropertyName.of(annotation.prefix());
                if (ROOT.equals(prefix) || ROOT.isAncestorOf(prefix)) {
                    trees.add(new PropertyTree(prefix, ClassUtils.getUserClass(type)));
                }
            }
        }
        return trees;
    }
}
