package com.nrsconnector.encoding;

import java.util.Objects;

/**
 * One look-alike substitution made by smart replacement: every occurrence of {@code original} became
 * {@code replacement} (possibly several characters, possibly empty), {@code count} times.
 */
public record CharacterReplacement(String original, String replacement, int count) {

    public CharacterReplacement {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(replacement, "replacement");
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
    }
}
