package com.nrsconnector.composition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ShortCodeGeneratorTest {

    @Test
    void defaultCodesAreEightBase62Characters() {
        var generator = new ShortCodeGenerator();
        assertEquals(8, generator.length());
        for (int i = 0; i < 1_000; i++) {
            String code = generator.next();
            assertTrue(code.matches("[0-9A-Za-z]{8}"), code);
        }
    }

    @Test
    void customLength() {
        assertEquals(12, new ShortCodeGenerator(12).next().length());
    }

    @Test
    void tooShortToBeUnguessableIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ShortCodeGenerator(5));
    }

    @Test
    void codesDoNotRepeat() {
        var generator = new ShortCodeGenerator();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            assertTrue(seen.add(generator.next()), "repeated code after " + i);
        }
    }

    @Test
    void usesTheWholeAlphabet() {
        var generator = new ShortCodeGenerator(64, new Random(42));
        Set<Character> used = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            for (char c : generator.next().toCharArray()) {
                used.add(c);
            }
        }
        assertEquals(62, used.size());
    }

    @Test
    void sameSeedSameCodesShowsTheRandomSourceIsTheOnlyInput() {
        assertEquals(new ShortCodeGenerator(8, new Random(7)).next(), new ShortCodeGenerator(8, new Random(7)).next());
    }
}
