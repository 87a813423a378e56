package com.nrsconnector.workflow;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.ops.WatchedPropertiesFile;

/**
 * The text-to-speech languages and voices the voice actions offer, from the file
 * {@code connector.voice.languages-file} ({@code <language>=<voice>,<voice>...}): read again when it changes, so the
 * list is configuration, not code. A file that cannot be read keeps the list read before.
 */
@ApplicationScoped
public class VoiceLanguages {

    private final WatchedPropertiesFile<List<String>> file;

    @Inject
    public VoiceLanguages(ConnectorConfig config) {
        this(Path.of(config.voice().languagesFile()));
    }

    VoiceLanguages(Path file) {
        this.file = new WatchedPropertiesFile<>(file, VoiceLanguages::voices);
    }

    /** Language -> its voices, the default first, in the order of the file. */
    public Map<String, List<String>> offered() {
        Map<String, List<String>> offered = new LinkedHashMap<>(file.values());
        offered.values().removeIf(List::isEmpty);
        return Collections.unmodifiableMap(offered);
    }

    private static List<String> voices(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
    }
}
