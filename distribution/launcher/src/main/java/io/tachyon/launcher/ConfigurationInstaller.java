package io.tachyon.launcher;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Applies configurations through the framework's ConfigurationAdmin: first the features' own defaults, then
 * every {@code <pid>.cfg} in the distribution's {@code config/} folder (Java properties; they win). The
 * ConfigAdmin API lives inside the framework, not on the launcher's class path, so it is called through
 * the interface classes its bundle exports.
 */
final class ConfigurationInstaller {

    private static final String CONFIGURATION_ADMIN = "org.osgi.service.cm.ConfigurationAdmin";

    private final BundleContext context;

    ConfigurationInstaller(BundleContext context) {
        this.context = context;
    }

    void apply(Map<String, Map<String, Object>> featureConfigurations, Path configFolder) throws IOException {
        Map<String, Map<String, Object>> all = new java.util.LinkedHashMap<>(featureConfigurations);
        all.putAll(readConfigFolder(configFolder));
        if (all.isEmpty()) {
            return;
        }
        ServiceReference<?> reference = context.getServiceReference(CONFIGURATION_ADMIN);
        if (reference == null) {
            throw new IOException("configuration cannot be applied: ConfigurationAdmin is not running");
        }
        Object admin = context.getService(reference);
        try {
            Class<?> adminType = reference.getBundle().loadClass(CONFIGURATION_ADMIN);
            Class<?> configurationType = reference.getBundle().loadClass("org.osgi.service.cm.Configuration");
            Method getConfiguration = adminType.getMethod("getConfiguration", String.class, String.class);
            Method getFactoryConfiguration = adminType.getMethod("getFactoryConfiguration", String.class,
                    String.class, String.class);
            Method update = configurationType.getMethod("update", Dictionary.class);
            for (Map.Entry<String, Map<String, Object>> entry : all.entrySet()) {
                String pid = entry.getKey();
                int tilde = pid.indexOf('~');
                Object configuration = tilde < 0
                        ? getConfiguration.invoke(admin, pid, "?")
                        : getFactoryConfiguration.invoke(admin, pid.substring(0, tilde), pid.substring(tilde + 1), "?");
                update.invoke(configuration, toDictionary(entry.getValue()));
            }
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            throw new IOException("configuration cannot be applied: unexpected ConfigurationAdmin API: " + e, e);
        } catch (InvocationTargetException e) {
            throw new IOException("configuration was refused: " + e.getCause().getMessage(), e.getCause());
        } finally {
            context.ungetService(reference);
        }
    }

    static Map<String, Map<String, Object>> readConfigFolder(Path folder) throws IOException {
        Map<String, Map<String, Object>> configurations = new java.util.TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return configurations;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".cfg")).sorted().toList()) {
                Properties properties = new Properties();
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    properties.load(reader);
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": not a valid properties file: " + e.getMessage(), e);
                }
                String name = file.getFileName().toString();
                Map<String, Object> values = new java.util.TreeMap<>();
                properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).trim()));
                configurations.put(name.substring(0, name.length() - ".cfg".length()), values);
            }
        }
        return configurations;
    }

    /** JSON numbers arrive as doubles; configuration types want integers where the value is whole. */
    static Dictionary<String, Object> toDictionary(Map<String, Object> values) {
        Hashtable<String, Object> dictionary = new Hashtable<>();
        values.forEach((key, value) -> dictionary.put(key, normalize(value)));
        return dictionary;
    }

    private static Object normalize(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            long whole = d.longValue();
            if (whole == (int) whole) {
                return Integer.valueOf((int) whole);
            }
            return Long.valueOf(whole);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ConfigurationInstaller::normalize).map(String::valueOf).toArray(String[]::new);
        }
        return value;
    }
}
