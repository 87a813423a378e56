package com.nrsconnector.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** GSM-7 sizes and splits: 160/153 septets, ESC pairs never split. */
class GsmSegmentationTest {

    private final SmsEncodingAnalyzer analyzer = new SmsEncodingAnalyzer();

    static Stream<Arguments> boundaries() {
        String digits = "1234567890".repeat(40);
        return Stream.of(
                // text, segments, septets, septets per segment, characters per part
                Arguments.of("a".repeat(160), 1, 160, 160, List.of(160)),
                Arguments.of("a".repeat(161), 2, 161, 153, List.of(153, 8)),
                Arguments.of("a".repeat(306), 2, 306, 153, List.of(153, 153)),
                Arguments.of("a".repeat(307), 3, 307, 153, List.of(153, 153, 1)),
                Arguments.of("a".repeat(765), 5, 765, 153, List.of(153, 153, 153, 153, 153)),
                Arguments.of("a".repeat(766), 6, 766, 153, List.of(153, 153, 153, 153, 153, 1)),
                // Extension characters cost 2 septets.
                Arguments.of("€".repeat(80), 1, 160, 160, List.of(80)),
                Arguments.of("€".repeat(81), 2, 162, 153, List.of(76, 5)),
                Arguments.of("a".repeat(158) + "€", 1, 160, 160, List.of(159)),
                Arguments.of("a".repeat(159) + "€", 2, 161, 153, List.of(153, 7)),
                // The ESC pair is never split: the part ends one septet short.
                Arguments.of("a".repeat(152) + "€" + "a".repeat(152), 3, 306, 153, List.of(152, 152, 1)),
                Arguments.of("[".repeat(153), 3, 306, 153, List.of(76, 76, 1)),
                Arguments.of("[".repeat(380), 5, 760, 153, List.of(76, 76, 76, 76, 76)),
                Arguments.of("[".repeat(381), 6, 762, 153, List.of(76, 76, 76, 76, 76, 1)),
                Arguments.of("\f^{}\\[~]|€", 1, 20, 160, List.of(10)),
                // Twilio tests/index.test.js: "{" + digits, 160 septets in one segment, 161 in two.
                Arguments.of("{" + digits.substring(1, 159), 1, 160, 160, List.of(159)),
                Arguments.of("{" + digits.substring(1, 160), 2, 161, 153, List.of(152, 8)),
                // Twilio tests/segments.test.js: 307 digits, the last segment holds only "7".
                Arguments.of(digits.substring(0, 307), 3, 307, 153, List.of(153, 153, 1)));
    }

    @ParameterizedTest
    @MethodSource("boundaries")
    void splitsAtTheRightPlace(String text, int segments, int septets, int perSegment, List<Integer> partLengths) {
        SmsAnalysis a = analyzer.analyze(text);
        assertEquals(SmsEncoding.GSM7, a.encoding());
        assertEquals(segments, a.segments());
        assertEquals(septets, a.units());
        assertEquals(perSegment, a.unitsPerSegment());
        assertEquals(partLengths, a.parts().stream().map(String::length).toList());
        assertEquals(text, String.join("", a.parts()));
    }

    @Test
    void escPairMovesWholeToTheNextPart() {
        SmsAnalysis a = analyzer.analyze("a".repeat(152) + "€" + "a".repeat(152));
        assertEquals("a".repeat(152), a.parts().get(0));
        assertEquals("€" + "a".repeat(151), a.parts().get(1));
        assertEquals("a", a.parts().get(2));
    }

    @Test
    void twilioLastSegmentHoldsOnlyOneCharacter() {
        String text = "1234567890".repeat(30) + "1234567";
        assertEquals("7", analyzer.analyze(text).parts().get(2));
    }

    @Test
    void emptyTextIsOneEmptySegment() {
        SmsAnalysis a = analyzer.analyze("");
        assertEquals(SmsEncoding.GSM7, a.encoding());
        assertEquals(1, a.segments());
        assertEquals(0, a.units());
        assertEquals(160, a.unitsPerSegment());
        assertEquals(List.of(""), a.parts());
        assertEquals(List.of(), a.nonGsmCharacters());
    }

    @Test
    void nullTextIsTreatedAsEmpty() {
        SmsAnalysis a = analyzer.analyze(null, null, true, true);
        assertEquals(SmsEncoding.GSM7, a.encoding());
        assertEquals(1, a.segments());
        assertEquals("", a.text());
    }

    @Test
    void crAndLfAreOneSeptetEach() {
        // Twilio counts 11 for "\rabcde\r\n123".
        assertEquals(11, analyzer.analyze("\rabcde\r\n123").units());
        SmsAnalysis a = analyzer.analyze("line one\r\nline two");
        assertEquals(SmsEncoding.GSM7, a.encoding());
        assertEquals(18, a.units());
    }

    @Test
    void crlfStraddlingAPartBoundaryIsSplitLikeAnyTwoCharacters() {
        SmsAnalysis a = analyzer.analyze("a".repeat(152) + "\r\n" + "b".repeat(10));
        assertEquals(2, a.segments());
        assertEquals("a".repeat(152) + "\r", a.parts().get(0));
        assertEquals("\n" + "b".repeat(10), a.parts().get(1));
    }

    @Test
    void formFeedIsAnExtensionCharacter() {
        SmsAnalysis a = analyzer.analyze("page\fbreak");
        assertEquals(SmsEncoding.GSM7, a.encoding());
        assertEquals(11, a.units());
    }
}
