package com.nrsconnector.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

import org.junit.jupiter.api.Test;

/** Properties that must hold for any text: lossless parts, capacities respected, greedy filling, no broken pairs. */
class SegmentationInvariantsTest {

    private static final String[] GSM_PIECES = {"a", "b", " ", "é", "ñ", "Ç", "\r", "\n", "€", "[", "]", "^", "{", "|"};
    private static final String[] UCS2_PIECES = {
        "a",
        "Ж",
        "€",
        " ",
        "\uD83D\uDE00",
        "\uD83C\uDDF5\uD83C\uDDF9",
        "\uD83D\uDC4D\uD83C\uDFFD",
        "e\u0301",
        "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
        "\r\n"
    };
    private static final String[] PT_PIECES = {"a", "ã", "ç", "õ", "é", " ", "€", "ª", "Γ", "ñ", "º", "á"};

    private final SmsEncodingAnalyzer analyzer = new SmsEncodingAnalyzer();

    @Test
    void gsmPartsRespectCapacityAndAreFilledGreedily() {
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            String text = randomText(random, GSM_PIECES, random.nextInt(800));
            SmsAnalysis a = analyzer.analyze(text);
            assertEquals(SmsEncoding.GSM7, a.encoding(), text);
            assertCommonInvariants(a);
            assertEquals(
                    a.units(),
                    a.parts().stream()
                            .mapToInt(SegmentationInvariantsTest::septets)
                            .sum(),
                    text);
            assertGreedy(a.parts(), SegmentationInvariantsTest::septets, a.unitsPerSegment());
        }
    }

    @Test
    void ucs2PartsNeverEndInsideASurrogatePairOrACluster() {
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            String text = "Ж" + randomText(random, UCS2_PIECES, random.nextInt(200));
            SmsAnalysis a = analyzer.analyze(text);
            assertEquals(SmsEncoding.UCS2, a.encoding(), text);
            assertCommonInvariants(a);
            assertEquals(text.length(), a.units());
            for (String part : a.parts()) {
                assertFalse(Character.isLowSurrogate(part.charAt(0)), "part starts with a low surrogate");
                assertFalse(
                        Character.isHighSurrogate(part.charAt(part.length() - 1)), "part ends with a high surrogate");
                assertFalse(
                        part.charAt(0) == '\u0301' || part.charAt(0) == '\u200D' || part.startsWith("\uD83C\uDFFD"),
                        "part starts inside a cluster: " + part);
            }
            for (int p = 1; p < a.parts().size(); p++) {
                String previous = a.parts().get(p - 1);
                // A flag's second regional indicator must not open a part.
                assertFalse(
                        previous.endsWith("\uD83C\uDDF5") && a.parts().get(p).startsWith("\uD83C\uDDF9"));
            }
        }
    }

    @Test
    void portuguesePartsRespectTheChosenCapacity() {
        Random random = new Random(3);
        for (int i = 0; i < 300; i++) {
            String text = randomText(random, PT_PIECES, random.nextInt(800));
            SmsAnalysis a = analyzer.analyze(text);
            assertCommonInvariants(a);
            if (a.encoding() == SmsEncoding.GSM7_PT) {
                assertTrue(List.of(155, 152, 149, 146).contains(a.unitsPerSegment()), text);
                assertTrue(a.units() <= a.segments() * a.unitsPerSegment(), text);
                assertTrue(a.segments() == 1 || a.units() > (a.unitsPerSegment() == 149 ? 155 : 152), text);
            }
        }
    }

    private static void assertCommonInvariants(SmsAnalysis a) {
        assertEquals(a.text(), String.join("", a.parts()));
        assertEquals(a.segments(), a.parts().size());
        assertTrue(a.segments() >= 1);
        if (a.segments() > 1) {
            a.parts().forEach(part -> assertFalse(part.isEmpty()));
        }
        assertTrue(a.units() <= a.segments() * a.unitsPerSegment());
    }

    private static void assertGreedy(List<String> parts, ToIntFunction<String> cost, int capacity) {
        for (int p = 0; p < parts.size(); p++) {
            String part = parts.get(p);
            assertTrue(cost.applyAsInt(part) <= capacity, part);
            if (p + 1 < parts.size()) {
                String next = parts.get(p + 1);
                String firstOfNext = next.substring(0, Character.charCount(next.codePointAt(0)));
                assertTrue(cost.applyAsInt(part) + cost.applyAsInt(firstOfNext) > capacity, "part not full: " + part);
            }
        }
    }

    private static int septets(String s) {
        return s.codePoints().map(c -> "\f^{}\\[~]|€".indexOf(c) >= 0 ? 2 : 1).sum();
    }

    private static String randomText(Random random, String[] pieces, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(pieces[random.nextInt(pieces.length)]);
        }
        return sb.toString();
    }
}
