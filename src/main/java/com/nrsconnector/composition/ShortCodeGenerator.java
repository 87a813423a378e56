package com.nrsconnector.composition;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Random;

/**
 * Random base62 codes for short links. Length 8 gives 62^8 ≈ 2.2e14 codes (≈47.6 bits), so codes cannot be
 * enumerated; uniqueness is still the issuer's job (unique key in the database, retry on collision).
 * Thread-safe: SecureRandom is.
 */
public final class ShortCodeGenerator {

    public static final int DEFAULT_LENGTH = 8;
    private static final int MIN_LENGTH = 6;
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final Random random;
    private final int length;

    public ShortCodeGenerator() {
        this(DEFAULT_LENGTH);
    }

    public ShortCodeGenerator(int length) {
        this(length, new SecureRandom());
    }

    /** For tests that need a fixed sequence; production code should keep the SecureRandom default. */
    ShortCodeGenerator(int length, Random random) {
        if (length < MIN_LENGTH) {
            throw new IllegalArgumentException("short codes shorter than " + MIN_LENGTH + " are guessable");
        }
        this.length = length;
        this.random = Objects.requireNonNull(random, "random");
    }

    public String next() {
        char[] code = new char[length];
        for (int i = 0; i < length; i++) {
            code[i] = ALPHABET[random.nextInt(ALPHABET.length)]; // nextInt(bound) is unbiased
        }
        return new String(code);
    }

    public int length() {
        return length;
    }
}
