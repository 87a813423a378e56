package com.nrsconnector.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogTextTest {

    @Test
    void plainTextIsKeptAsItIs() {
        assertEquals("ap-62515-1 Hola, mañana ✓ 👍", LogText.of("ap-62515-1 Hola, mañana ✓ 👍"));
    }

    @Test
    void nullIsWrittenAsNull() {
        assertEquals("null", LogText.of(null));
    }

    @Test
    void otherObjectsAreWrittenThroughToString() {
        assertEquals("1001", LogText.of(1001L));
    }

    @Test
    void crLfCannotStartAForgedLogLine() {
        String escaped = LogText.of("ap-1\r\n2026-01-01 INFO forged line");
        assertEquals("ap-1\\r\\n2026-01-01 INFO forged line", escaped);
        assertFalse(escaped.contains("\n") || escaped.contains("\r"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0000|\\u0000",
                "0009|\\t",
                "000a|\\n",
                "000d|\\r",
                "0001|\\u0001",
                "001b|\\u001b",
                "001f|\\u001f",
                "007f|\\u007f",
                "0080|\\u0080",
                "0085|\\u0085",
                "009f|\\u009f",
                "2028|\\u2028",
                "2029|\\u2029"
            })
    void eachControlCharacterIsEscaped(String hex, String expected) {
        char c = (char) Integer.parseInt(hex, 16);
        assertEquals("a" + expected + "b", LogText.of("a" + c + "b"));
    }

    @Test
    void aBackslashIsDoubledSoEscapesStayUnambiguous() {
        assertEquals("a\\\\nb", LogText.of("a\\nb"));
    }

    @Test
    void valuesUpToTheLimitAreKeptWhole() {
        String limit = "x".repeat(LogText.MAX_LENGTH);
        assertEquals(limit, LogText.of(limit));
    }

    @Test
    void longerValuesAreCutAtTheLimitWithAnEllipsis() {
        assertEquals("x".repeat(LogText.MAX_LENGTH) + "...", LogText.of("x".repeat(10_000)));
    }

    @Test
    void theCutCountsEscapedCharactersOnceAndKeepsEveryEscapeWhole() {
        String escaped = LogText.of("\n".repeat(1_000));
        assertEquals("\\n".repeat(LogText.MAX_LENGTH) + "...", escaped);
    }

    @Test
    void theCutNeverSplitsASurrogatePair() {
        String escaped = LogText.of("x".repeat(LogText.MAX_LENGTH - 1) + "👍👍");
        assertEquals("x".repeat(LogText.MAX_LENGTH - 1) + "...", escaped);
        assertTrue(escaped.codePoints().noneMatch(cp -> Character.isSurrogate((char) cp)));
    }
}
