package com.nrsconnector.encoding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The GSM 7-bit character tables this component uses, read once from {@code encoding/gsm-tables.json}
 * (3GPP TS 23.038 as implemented by AOSP {@code GsmAlphabet}).
 */
enum GsmTable {

    /** Default alphabet (NLI 0 locking table); 1 septet each. Ç (U+00C7), not ç, is at 0x09. */
    DEFAULT_ALPHABET("default_locking_NLI0"),

    /** Default extension table, reached through ESC: FF ^ { } \ [ ~ ] | €. */
    DEFAULT_EXTENSION("default_extension_NLI0"),

    /** Portuguese national locking shift table (NLI 3). */
    PORTUGUESE_LOCKING("portuguese_locking_NLI3"),

    /** Portuguese national single shift table (NLI 3), reached through ESC. */
    PORTUGUESE_SINGLE_SHIFT("portuguese_single_shift_NLI3");

    static final String RESOURCE = "/encoding/gsm-tables.json";

    private final String jsonKey;

    GsmTable(String jsonKey) {
        this.jsonKey = jsonKey;
    }

    boolean contains(int codePoint) {
        return Loaded.CODE_POINTS.get(this).contains(codePoint);
    }

    /** Code points of this table; ESC itself is not a character of any table. */
    Set<Integer> codePoints() {
        return Loaded.CODE_POINTS.get(this);
    }

    /** True when the code point is in the default alphabet or the default extension table. */
    static boolean isGsm7(int codePoint) {
        return DEFAULT_ALPHABET.contains(codePoint) || DEFAULT_EXTENSION.contains(codePoint);
    }

    /** Holder idiom: the JSON is parsed on first use, once, thread-safely. */
    private static final class Loaded {
        static final Map<GsmTable, Set<Integer>> CODE_POINTS = load();

        private static Map<GsmTable, Set<Integer>> load() {
            JsonNode root = readRoot();
            Map<GsmTable, Set<Integer>> tables = new EnumMap<>(GsmTable.class);
            for (GsmTable table : GsmTable.values()) {
                JsonNode entries = root.path(table.jsonKey);
                if (!entries.isArray() || entries.isEmpty()) {
                    throw new IllegalStateException(RESOURCE + " has no table '" + table.jsonKey + "'");
                }
                Set<Integer> codePoints = new HashSet<>();
                for (JsonNode entry : entries) {
                    // The ESC cell carries a description instead of a "U+XXXX" code point: skip it.
                    String codePoint = entry.path("codepoint").asText("");
                    if (codePoint.startsWith("U+")) {
                        codePoints.add(Integer.parseInt(codePoint.substring(2), 16));
                    }
                }
                tables.put(table, Set.copyOf(codePoints));
            }
            return tables;
        }

        private static JsonNode readRoot() {
            try (InputStream in = GsmTable.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("Missing classpath resource " + RESOURCE);
                }
                return new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + RESOURCE, e);
            }
        }
    }
}
