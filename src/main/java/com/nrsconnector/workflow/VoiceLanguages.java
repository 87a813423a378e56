package com.nrsconnector.workflow;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.jboss.logging.Logger;

import com.nrsconnector.config.ConnectorConfig;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The text-to-speech languages and voices the voice actions offer, from the file
 * {@code connector.voice.languages-file} ({@code <language>=<voice>,<voice>...}): read again when it changes, so the
 * list is configuration, not code. A file that cannot be read keeps the list read before.
 */
@ApplicationScoped
public class VoiceLanguages {

    private static final Logger LOG = Logger.getLogger(VoiceLanguages.class);

    private final Path file;
    private Object version = "unread";
    private Map<String, List<String>> languages = Map.of();

    @Inject
    public VoiceLanguages(ConnectorConfig config) {
        this(Path.of(config.voice().languagesFile()));
    }

    VoiceLanguages(Path file) {
        this.file = file;
    }

    /** Language -> its voices, the default first, in the order of the file. */
    public synchronized Map<String, List<String>> offered() {
        Object current = versionOf();
        if (!current.equals(version)) {
            version = current;
            languages = read();
        }
        return languages;
    }

    private Object versionOf() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.lastModifiedTime().toString() + "/" + attributes.size();
        } catch (NoSuchFileException e) {
            return "missing";
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private Map<String, List<String>> read() {
        if (!Files.exists(file)) {
            LOG.warnf("%s does not exist: no text-to-speech language is offered", file);
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            LOG.errorf("%s could not be read (%s); keeping the languages read before", file, e.getClass().getSimpleName());
            return languages;
        }
        // Properties forgets the order; the file's order is the order offered.
        List<String> order = new java.util.ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.trim();
                int eq = trimmed.indexOf('=');
                if (!trimmed.startsWith("#") && eq > 0) {
                    order.add(trimmed.substring(0, eq).trim());
                }
            }
        } catch (IOException e) {
            order.addAll(properties.stringPropertyNames());
        }
        Map<String, List<String>> read = new LinkedHashMap<>();
        for (String language : order) {
            String voices = properties.getProperty(language);
            if (voices == null) {
                continue;
            }
            List<String> list = Arrays.stream(voices.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
            if (!list.isEmpty()) {
                read.put(language, list);
            }
        }
        return java.util.Collections.unmodifiableMap(read);
    }
}
