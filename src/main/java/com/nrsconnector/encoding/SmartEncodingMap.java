package com.nrsconnector.encoding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Twilio-style "Smart Encoding": look-alike characters (curly quotes, dashes, NBSP, full-width forms, zero-width
 * characters ...) replaced by GSM-7 text, read once from {@code encoding/smart-encoding-map.json}.
 */
final class SmartEncodingMap {

    static final String RESOURCE = "/encoding/smart-encoding-map.json";

    /** The text after replacement and what was replaced, in order of first occurrence. */
    record Result(String text, List<CharacterReplacement> replacements) {}

    private SmartEncodingMap() {}

    /**
     * Replaces, code point by code point, every character that is not GSM-7 and has an entry in the map; a
     * replacement may be several characters or none.
     */
    static Result apply(String text) {
        Map<Integer, String> map = Loaded.REPLACEMENTS;
        StringBuilder out = new StringBuilder(text.length());
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            String replacement = GsmTable.isGsm7(codePoint) ? null : map.get(codePoint);
            if (replacement == null) {
                out.appendCodePoint(codePoint);
            } else {
                out.append(replacement);
                counts.merge(codePoint, 1, Integer::sum);
            }
            i += Character.charCount(codePoint);
        }
        List<CharacterReplacement> replacements = counts.entrySet().stream()
                .map(e -> new CharacterReplacement(Character.toString(e.getKey()), map.get(e.getKey()), e.getValue()))
                .toList();
        return new Result(out.toString(), replacements);
    }

    /** Holder idiom: the JSON is parsed on first use, once, thread-safely. */
    private static final class Loaded {
        static final Map<Integer, String> REPLACEMENTS = load();

        private static Map<Integer, String> load() {
            try (InputStream in = SmartEncodingMap.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("Missing classpath resource " + RESOURCE);
                }
                JsonNode map = new ObjectMapper().readTree(in).path("map");
                Map<Integer, String> replacements = new HashMap<>();
                for (Map.Entry<String, JsonNode> entry : map.properties()) {
                    int codePoint = Integer.parseInt(entry.getKey().substring(2), 16); // "U+201C"
                    replacements.put(
                            codePoint, entry.getValue().path("replacement").asText());
                }
                if (replacements.isEmpty()) {
                    throw new IllegalStateException(RESOURCE + " has no replacements");
                }
                return Map.copyOf(replacements);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + RESOURCE, e);
            }
        }
    }
}
