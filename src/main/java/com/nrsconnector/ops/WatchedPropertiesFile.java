package com.nrsconnector.ops;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

import org.jboss.logging.Logger;

/**
 * A properties file an operator edits while the connector runs: read again whenever its modification time or size
 * changes, so an edit takes effect on the next use without a restart. A missing file is an empty one; a file that
 * cannot be read keeps the last values read, and says so once. The values keep the file's order.
 *
 * @param <T> what each value is parsed into; a value the parser refuses (returns null) is left out, and said so once
 */
public final class WatchedPropertiesFile<T> {

    private static final Logger LOG = Logger.getLogger(WatchedPropertiesFile.class);

    private final Path file;
    private final Function<String, T> parser;
    private Object version = "unread";
    private Map<String, T> values = Map.of();

    public WatchedPropertiesFile(Path file, Function<String, T> parser) {
        this.file = file;
        this.parser = parser;
    }

    public Path file() {
        return file;
    }

    /** The values in the file as it is now. */
    public synchronized Map<String, T> values() {
        Object current = versionOf();
        if (!current.equals(version)) {
            version = current;
            values = read();
        }
        return values;
    }

    private Object versionOf() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.lastModifiedTime().toString() + "/" + attributes.size();
        } catch (NoSuchFileException e) {
            return "missing";
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    private Map<String, T> read() {
        if (!Files.exists(file)) {
            LOG.warnf("%s does not exist: it is read as empty", file);
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            LOG.errorf("%s could not be read (%s); keeping the values read before", file, LogText.of(e.toString()));
            return values;
        }
        Map<String, T> parsed = new LinkedHashMap<>();
        for (String key : inFileOrder(properties)) {
            String raw = properties.getProperty(key).trim();
            T value = parser.apply(raw);
            if (value == null) {
                LOG.errorf(
                        "%s: the value of %s is not valid (%s); it is ignored", file, LogText.of(key), LogText.of(raw));
            } else {
                parsed.put(key.trim(), value);
            }
        }
        LOG.infof("%s read: %d entries", file, parsed.size());
        return Collections.unmodifiableMap(parsed);
    }

    /** The keys as the file lists them (Properties forgets the order); keys it cannot place come last. */
    private List<String> inFileOrder(Properties properties) {
        Set<String> order = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.trim();
                int eq = trimmed.indexOf('=');
                if (!trimmed.startsWith("#")
                        && !trimmed.startsWith("!")
                        && eq > 0
                        && properties.containsKey(trimmed.substring(0, eq).trim())) {
                    order.add(trimmed.substring(0, eq).trim());
                }
            }
        } catch (IOException e) {
            // Read a moment ago: the order is lost, not the values.
        }
        order.addAll(properties.stringPropertyNames());
        return List.copyOf(order);
    }
}
