package com.nrsconnector.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** UCS-2 sizes and splits: 70/67 UTF-16 units, surrogate pairs and grapheme clusters kept whole. */
class Ucs2SegmentationTest {

    private static final String ZHE = "Ж"; // Cyrillic: UCS-2 under every preference
    private static final String GRINNING = "\uD83D\uDE00"; // 😀
    private static final String WHALE = "\uD83D\uDC33"; // 🐳
    private static final String SNOWMAN = "\u2603"; // ☃

    private final SmsEncodingAnalyzer analyzer = new SmsEncodingAnalyzer();

    static Stream<Arguments> boundaries() {
        String digits = "1234567890".repeat(20);
        return Stream.of(
                // text, segments, UTF-16 units, units per segment, UTF-16 length of each part
                Arguments.of(ZHE.repeat(70), 1, 70, 70, List.of(70)),
                Arguments.of(ZHE.repeat(71), 2, 71, 67, List.of(67, 4)),
                Arguments.of(ZHE.repeat(134), 2, 134, 67, List.of(67, 67)),
                Arguments.of(ZHE.repeat(135), 3, 135, 67, List.of(67, 67, 1)),
                Arguments.of(ZHE.repeat(335), 5, 335, 67, List.of(67, 67, 67, 67, 67)),
                Arguments.of(ZHE.repeat(336), 6, 336, 67, List.of(67, 67, 67, 67, 67, 1)),
                // A surrogate pair is never split: the part ends one unit short.
                Arguments.of(GRINNING.repeat(35), 1, 70, 70, List.of(70)),
                Arguments.of(GRINNING.repeat(36), 2, 72, 67, List.of(66, 6)),
                Arguments.of(GRINNING.repeat(67), 3, 134, 67, List.of(66, 66, 2)),
                // split-sms unicode.test.json
                Arguments.of(SNOWMAN.repeat(70), 1, 70, 70, List.of(70)),
                Arguments.of(WHALE.repeat(35), 1, 70, 70, List.of(70)),
                Arguments.of((SNOWMAN + WHALE).repeat(23) + SNOWMAN, 1, 70, 70, List.of(70)),
                Arguments.of(SNOWMAN.repeat(71), 2, 71, 67, List.of(67, 4)),
                Arguments.of(SNOWMAN.repeat(66) + WHALE + SNOWMAN.repeat(3), 2, 71, 67, List.of(66, 5)),
                // Twilio tests: emoji + digits, 70 units in one segment, 71 in two, 135 in three.
                Arguments.of("\uD83D\uDE1C" + digits.substring(1, 69), 1, 70, 70, List.of(70)),
                Arguments.of("\uD83D\uDE1C" + digits.substring(1, 70), 2, 71, 67, List.of(67, 4)),
                Arguments.of("\uD83D\uDE1C" + digits.substring(1, 134), 3, 135, 67, List.of(67, 67, 1)));
    }

    @ParameterizedTest
    @MethodSource("boundaries")
    void splitsAtTheRightPlace(String text, int segments, int units, int perSegment, List<Integer> partLengths) {
        SmsAnalysis a = analyzer.analyze(text);
        assertEquals(SmsEncoding.UCS2, a.encoding());
        assertEquals(segments, a.segments());
        assertEquals(units, a.units());
        assertEquals(perSegment, a.unitsPerSegment());
        assertEquals(partLengths, a.parts().stream().map(String::length).toList());
        assertEquals(text, String.join("", a.parts()));
    }

    @Test
    void extensionCharactersCostOneUnitOnceTheMessageIsUcs2() {
        SmsAnalysis a = analyzer.analyze("€".repeat(69) + ZHE);
        assertEquals(SmsEncoding.UCS2, a.encoding());
        assertEquals(70, a.units());
        assertEquals(1, a.segments());
        assertEquals(5, analyzer.analyze("{}[]" + ZHE).units());
    }

    @Test
    void forcedUcs2CountsGsmTextInUtf16Units() {
        SmsAnalysis a = analyzer.analyze("Hello €", EncodingPreference.UCS2, true, false);
        assertEquals(SmsEncoding.UCS2, a.encoding());
        assertEquals(7, a.units());
        assertEquals(70, a.unitsPerSegment());
        assertEquals(List.of(), a.nonGsmCharacters());
    }

    @Test
    void forcedUcs2EmptyTextIsOneSegment() {
        SmsAnalysis a = analyzer.analyze("", EncodingPreference.UCS2, false, false);
        assertEquals(SmsEncoding.UCS2, a.encoding());
        assertEquals(1, a.segments());
        assertEquals(0, a.units());
        assertEquals(70, a.unitsPerSegment());
    }

    // --- Grapheme policy: a cluster is never split across parts when it fits in one part. ---

    @Test
    void flagIsNotSplitBetweenItsRegionalIndicators() {
        String flag = "\uD83C\uDDF5\uD83C\uDDF9"; // 🇵🇹
        SmsAnalysis a = analyzer.analyze(ZHE.repeat(65) + flag + ZHE.repeat(5));
        // Surrogate safety alone would put 🇵 in part 1 (65 + 2 = 67 units) and 🇹 in part 2.
        assertEquals(List.of(ZHE.repeat(65), flag + ZHE.repeat(5)), a.parts());
        assertEquals(74, a.units());
    }

    @Test
    void twoFlagsInARowAreTwoClusters() {
        String flags = "\uD83C\uDDF5\uD83C\uDDF9\uD83C\uDDEA\uD83C\uDDF8"; // 🇵🇹🇪🇸
        SmsAnalysis a = analyzer.analyze(ZHE.repeat(63) + flags + ZHE.repeat(10));
        assertEquals(ZHE.repeat(63) + flags.substring(0, 4), a.parts().get(0));
        assertEquals(flags.substring(4) + ZHE.repeat(10), a.parts().get(1));
    }

    @Test
    void skinToneModifierStaysWithItsEmoji() {
        String thumbsUpMedium = "\uD83D\uDC4D\uD83C\uDFFD"; // 👍🏽
        SmsAnalysis a = analyzer.analyze(ZHE.repeat(65) + thumbsUpMedium + ZHE.repeat(5));
        assertEquals(List.of(ZHE.repeat(65), thumbsUpMedium + ZHE.repeat(5)), a.parts());
    }

    @Test
    void zwjFamilyMovesWholeToTheNextPart() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66"; // 👨‍👩‍👧‍👦, 11 units
        SmsAnalysis a = analyzer.analyze(ZHE.repeat(60) + family + ZHE.repeat(5));
        assertEquals(76, a.units());
        assertEquals(List.of(ZHE.repeat(60), family + ZHE.repeat(5)), a.parts());
    }

    @Test
    void combiningMarkStaysWithItsBaseLetter() {
        String decomposedE = "e\u0301";
        SmsAnalysis a = analyzer.analyze(ZHE.repeat(66) + decomposedE + ZHE.repeat(5));
        assertEquals(List.of(ZHE.repeat(66), decomposedE + ZHE.repeat(5)), a.parts());
    }

    @Test
    void clusterLongerThanAPartIsBrokenBetweenCodePoints() {
        String zalgo = "a" + "\u0301".repeat(80); // one 81-unit cluster
        SmsAnalysis a = analyzer.analyze(zalgo + ZHE);
        assertEquals(List.of(67, 15), a.parts().stream().map(String::length).toList());
        assertEquals(zalgo + ZHE, String.join("", a.parts()));
    }

    @Test
    void clustersWithoutMultiCodePointSequencesSplitLikeSurrogateSafeSplitters() {
        // Plain emoji: grapheme and surrogate policies agree (split-sms, warthog618, Twilio, Android).
        SmsAnalysis a = analyzer.analyze(ZHE.repeat(66) + GRINNING + ZHE.repeat(3));
        assertEquals(List.of(ZHE.repeat(66), GRINNING + ZHE.repeat(3)), a.parts());
    }
}
