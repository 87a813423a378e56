package com.nrsconnector.nrs;

import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.ops.WatchedPropertiesFile;

/**
 * The replies that unsubscribe a number from SMS: keywords per language ({@code STOP}, {@code BAJA}, {@code PARAR},
 * ...) from {@code config/opt-out-keywords.properties} (read again when it changes), each language's line there
 * replacing {@code connector.nrs.opt-out-keywords.<language>}. A reply is an opt-out when its whole text, in any case,
 * without accents and without the spaces and punctuation around it, is one of the keywords of any language; a
 * sentence that merely contains one ("no pares de escribir") is not.
 */
@ApplicationScoped
public class OptOutKeywords {

    private final Map<String, List<String>> configured;
    private final WatchedPropertiesFile<List<String>> file;

    @Inject
    public OptOutKeywords(ConnectorConfig config) {
        this(config.nrs().optOutKeywords(), Path.of(config.nrs().optOutKeywordsFile()));
    }

    OptOutKeywords(Map<String, String> configured, Path file) {
        Map<String, List<String>> parsed = new LinkedHashMap<>();
        configured.forEach((language, keywords) -> {
            List<String> list = parse(keywords);
            if (list != null) {
                parsed.put(language, list);
            }
        });
        this.configured = Map.copyOf(parsed);
        this.file = new WatchedPropertiesFile<>(file, OptOutKeywords::parse);
    }

    /** The keyword this reply is (in its canonical upper-case form), if it is one. */
    public Optional<String> match(String reply) {
        if (reply == null) {
            return Optional.empty();
        }
        String text = normalize(reply);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<String>> byLanguage = new LinkedHashMap<>(configured);
        byLanguage.putAll(file.values());
        return byLanguage.values().stream()
                .flatMap(List::stream)
                .filter(text::equals)
                .findFirst();
    }

    /** Upper case, accents removed, inner spaces collapsed, and no spaces or punctuation at either end. */
    static String normalize(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return plain.replaceAll("^[\\p{Punct}\\p{IsPunctuation}\\s]+|[\\p{Punct}\\p{IsPunctuation}\\s]+$", "")
                .replaceAll("\\s+", " ")
                .toUpperCase(Locale.ROOT);
    }

    private static List<String> parse(String keywords) {
        List<String> parsed = Arrays.stream(keywords.split(","))
                .map(OptOutKeywords::normalize)
                .filter(k -> !k.isEmpty())
                .toList();
        return parsed.isEmpty() ? null : parsed;
    }
}
