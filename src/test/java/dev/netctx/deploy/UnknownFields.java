package dev.netctx.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds the fields that a Kubernetes model object did not know: fabric8 keeps every unknown or
 * mistyped field of a document in the {@code additionalProperties} of the object that held it, at
 * any depth, where Kubernetes itself would reject or silently drop it.
 */
final class UnknownFields {

    private UnknownFields() {
    }

    /** The path and value of every unknown field in {@code model}, e.g. {@code spec.template.spec.nodeSelectr}. */
    static List<String> of(Object model) {
        List<String> found = new ArrayList<>();
        collect(model, "", found);
        return found;
    }

    private static void collect(Object value, String path, List<String> found) {
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                collect(item, path + "[" + index++ + "]", found);
            }
        }
        else if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> collect(item, path + "[" + key + "]", found));
        }
        else if (value != null && value.getClass().getName().startsWith("io.fabric8.")) {
            collectModel(value, path, found);
        }
    }

    private static void collectModel(Object model, String path, List<String> found) {
        for (Method getter : model.getClass().getMethods()) {
            if (!isProperty(getter)) {
                continue;
            }
            Object value = invoke(getter, model);
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) value).forEach((name, unknown) -> found.add(join(path, String.valueOf(name)) + " = " + unknown));
            }
            else {
                collect(value, join(path, propertyName(getter)), found);
            }
        }
    }

    private static boolean isProperty(Method method) {
        return method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers()) && !method.isDefault()
                && method.getName().startsWith("get") && method.getDeclaringClass() != Object.class
                && method.getDeclaringClass().getName().startsWith("io.fabric8.");
    }

    private static Object invoke(Method getter, Object model) {
        try {
            return getter.invoke(model);
        }
        catch (IllegalAccessException | InvocationTargetException ex) {
            throw new IllegalStateException("Cannot read " + getter, ex);
        }
    }

    private static String propertyName(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
