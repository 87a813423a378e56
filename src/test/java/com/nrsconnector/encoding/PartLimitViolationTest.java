package com.nrsconnector.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The 5-part limit and the number of characters to cut, following the real split. */
class PartLimitViolationTest {

    private static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66";

    private final SmsEncodingAnalyzer analyzer = new SmsEncodingAnalyzer();

    @Test
    void maxPartsIsFive() {
        assertEquals(5, SmsEncodingAnalyzer.MAX_PARTS);
    }

    static Stream<Arguments> withinTheLimit() {
        return Stream.of(
                Arguments.of("a".repeat(765)),
                Arguments.of("[".repeat(380)),
                Arguments.of("Ж".repeat(335)),
                Arguments.of("\uD83D\uDE00".repeat(165)),
                Arguments.of("ã".repeat(745)),
                Arguments.of(""));
    }

    @ParameterizedTest
    @MethodSource("withinTheLimit")
    void noViolationUpToFiveParts(String text) {
        SmsAnalysis a = analyzer.analyze(text);
        assertTrue(a.segments() <= 5);
        assertEquals(Optional.empty(), analyzer.partLimitViolation(a));
    }

    static Stream<Arguments> overTheLimit() {
        return Stream.of(
                // text, expected encoding, parts, characters to cut
                Arguments.of("a".repeat(766), SmsEncoding.GSM7, 6, 1),
                Arguments.of("a".repeat(777), SmsEncoding.GSM7, 6, 12),
                Arguments.of("a".repeat(1000), SmsEncoding.GSM7, 7, 235),
                // 5 parts hold only 76 "[" each (152 septets): 766 septets need 3 characters cut, not 1.
                Arguments.of("[".repeat(381), SmsEncoding.GSM7, 6, 1),
                Arguments.of("[".repeat(383), SmsEncoding.GSM7, 6, 3),
                Arguments.of("a".repeat(764) + "€", SmsEncoding.GSM7, 6, 1),
                Arguments.of("Ж".repeat(336), SmsEncoding.UCS2, 6, 1),
                Arguments.of("Ж".repeat(400), SmsEncoding.UCS2, 6, 65),
                // 33 emoji per part: 5 parts hold 165 of 200.
                Arguments.of("\uD83D\uDE00".repeat(200), SmsEncoding.UCS2, 7, 35),
                // 6 families (66 units) per part: 5 parts hold 30; one family is one character to cut.
                Arguments.of(FAMILY.repeat(31), SmsEncoding.UCS2, 6, 1),
                // Portuguese locking table: 149 septets per part.
                Arguments.of("ã".repeat(746), SmsEncoding.GSM7_PT, 6, 1),
                Arguments.of("ã".repeat(760), SmsEncoding.GSM7_PT, 6, 15));
    }

    @ParameterizedTest
    @MethodSource("overTheLimit")
    void violationNamesThePartsAndTheCharactersToCut(String text, SmsEncoding encoding, int parts, int cut) {
        SmsAnalysis a = analyzer.analyze(text);
        assertEquals(encoding, a.encoding());
        assertEquals(parts, a.segments());
        String expected = "The message needs " + parts + " SMS parts but at most 5 are allowed; shorten it by at least "
                + cut + (cut == 1 ? " character." : " characters.");
        assertEquals(Optional.of(expected), analyzer.partLimitViolation(a));
    }

    @Test
    void exampleFromTheIssue() {
        assertEquals(
                Optional.of(
                        "The message needs 6 SMS parts but at most 5 are allowed; shorten it by at least 12 characters."),
                analyzer.partLimitViolation(analyzer.analyze("a".repeat(777))));
    }

    @ParameterizedTest
    @MethodSource("overTheLimit")
    void cuttingThatManyCharactersFromTheEndFitsAndOneFewerDoesNot(
            String text, SmsEncoding encoding, int parts, int cut) {
        int[] codePoints = text.codePoints().toArray();
        int keep = encoding == SmsEncoding.UCS2 ? GraphemeClusters.of(text).size() - cut : codePoints.length - cut;
        assertTrue(analyzer.analyze(prefix(text, encoding, keep)).segments() <= 5);
        assertTrue(analyzer.analyze(prefix(text, encoding, keep + 1)).segments() > 5);
    }

    @Test
    void cutIsCountedWithTheSameEncodingEvenIfTheCutWouldChangeIt() {
        // Cutting the trailing emoji would turn the text into GSM-7; the count stays UCS-2 (67 units per part).
        SmsAnalysis a = analyzer.analyze("a".repeat(340) + "\uD83D\uDE00");
        assertEquals(SmsEncoding.UCS2, a.encoding());
        assertEquals(6, a.segments());
        assertEquals(
                Optional.of("The message needs 6 SMS parts but at most 5 are allowed; shorten it by at least 6"
                        + " characters."),
                analyzer.partLimitViolation(a));
    }

    private static String prefix(String text, SmsEncoding encoding, int atoms) {
        if (encoding == SmsEncoding.UCS2) {
            return String.join("", GraphemeClusters.of(text).subList(0, atoms));
        }
        return text.substring(0, text.offsetByCodePoints(0, atoms));
    }
}
