package com.nrsconnector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.smallrye.config.WithDefault;

/**
 * Each connector default is written once: in ConnectorConfig when only Java reads the key, in application.properties
 * when Camel reads it as a placeholder, so that no route depends on a mapping's defaults reaching Camel's property
 * placeholder.
 */
class ConfigDefaultsTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(connector\\.[A-Za-z0-9.-]+)}}");

    @Test
    void noDefaultIsWrittenBothInTheMappingAndInApplicationProperties() throws IOException {
        Set<String> mappingDefaults = mappingDefaults(ConnectorConfig.class, "connector");
        Set<String> twice = new TreeSet<>(mappingDefaults);
        twice.retainAll(applicationProperties().stringPropertyNames());
        assertTrue(mappingDefaults.size() > 40, "the mapping's defaults were not found: " + mappingDefaults);
        assertEquals(Set.of(), twice, "defaults written both as @WithDefault and in application.properties");
    }

    @Test
    void everyConnectorPlaceholderCamelReadsIsInApplicationProperties() throws IOException {
        Set<String> placeholders = new TreeSet<>();
        for (Path file : sources(Path.of("routes"), ".yaml")) {
            placeholders.addAll(placeholders(file));
        }
        for (Path file : sources(Path.of("src/main/java/com/nrsconnector/routes"), ".java")) {
            placeholders.addAll(placeholders(file));
        }
        assertFalse(placeholders.isEmpty(), "no {{connector...}} placeholder found in the routes");
        Set<String> missing = new TreeSet<>(placeholders);
        missing.removeAll(applicationProperties().stringPropertyNames());
        assertEquals(Set.of(), missing, "placeholders without a value in application.properties");
        Set<String> mappingDefaults = mappingDefaults(ConnectorConfig.class, "connector");
        Set<String> shadowed = new TreeSet<>(placeholders);
        shadowed.retainAll(mappingDefaults);
        assertEquals(Set.of(), shadowed, "placeholders whose default is (also) a @WithDefault");
    }

    /** The keys of the mapping that have a @WithDefault, named as SmallRye names them (kebab case). */
    static Set<String> mappingDefaults(Class<?> group, String prefix) {
        Set<String> keys = new TreeSet<>();
        for (Method method : group.getMethods()) {
            if (method.getParameterCount() != 0 || method.isDefault()) {
                continue;
            }
            String key = prefix + "." + kebab(method.getName());
            if (method.isAnnotationPresent(WithDefault.class)) {
                keys.add(key);
            }
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getEnclosingClass() == ConnectorConfig.class) {
                keys.addAll(mappingDefaults(type, key));
            }
        }
        return keys;
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The properties the application ships with, without profile-specific ones ({@code %test.} etc.). */
    static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ConfigDefaultsTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        properties.stringPropertyNames().stream().filter(k -> k.startsWith("%")).forEach(properties::remove);
        return properties;
    }

    private static List<Path> sources(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }

    private static Set<String> placeholders(Path file) throws IOException {
        Set<String> found = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(Files.readString(file));
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
