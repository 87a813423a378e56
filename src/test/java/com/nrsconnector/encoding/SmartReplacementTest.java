package com.nrsconnector.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Twilio-style Smart Encoding: look-alikes replaced before the encoding is chosen, and only when asked. */
class SmartReplacementTest {

    private final SmsEncodingAnalyzer analyzer = new SmsEncodingAnalyzer();

    private SmsAnalysis replaced(String text) {
        return analyzer.analyze(text, EncodingPreference.AUTO, true, true);
    }

    @Test
    void curlyQuotesDashesNbspAndEllipsisBecomeGsm() {
        SmsAnalysis a = replaced("\u201CHello\u201D \u2013 it\u2019s\u00A0ok\u2026");
        assertEquals("\"Hello\" - it's  ok...", a.text());
        assertEquals(SmsEncoding.GSM7, a.encoding());
        assertEquals(21, a.units());
        assertEquals(List.of(a.text()), a.parts());
        assertEquals(
                List.of(
                        new CharacterReplacement("\u201C", "\"", 1),
                        new CharacterReplacement("\u201D", "\"", 1),
                        new CharacterReplacement("\u2013", "-", 1),
                        new CharacterReplacement("\u2019", "'", 1),
                        new CharacterReplacement("\u00A0", "  ", 1),
                        new CharacterReplacement("\u2026", "...", 1)),
                a.replacements());
        assertEquals(List.of(), a.nonGsmCharacters());
    }

    @Test
    void repeatedCharactersAreCountedOnce() {
        SmsAnalysis a = replaced("\u2018a\u2019 \u2018b\u2019 \u2014 \u2014");
        assertEquals("'a' 'b' - -", a.text());
        assertEquals(
                List.of(
                        new CharacterReplacement("\u2018", "'", 2),
                        new CharacterReplacement("\u2019", "'", 2),
                        new CharacterReplacement("\u2014", "-", 2)),
                a.replacements());
    }

    @Test
    void tabBecomesSevenSpacesAndZeroWidthCharactersDisappear() {
        SmsAnalysis a = replaced("a\tb\u200Bc\uFEFF");
        assertEquals("a       bc", a.text());
        assertEquals(SmsEncoding.GSM7, a.encoding());
        assertEquals(
                List.of(
                        new CharacterReplacement("\t", "       ", 1),
                        new CharacterReplacement("\u200B", "", 1),
                        new CharacterReplacement("\uFEFF", "", 1)),
                a.replacements());
    }

    @Test
    void graveAccentIsReplacedBeforeThePortugueseTablesAreConsidered() {
        assertEquals(SmsEncoding.GSM7_PT, analyzer.analyze("it`s").encoding());
        SmsAnalysis a = replaced("it`s");
        assertEquals("it's", a.text());
        assertEquals(SmsEncoding.GSM7, a.encoding());
    }

    @Test
    void charactersWithoutALookAlikeStay() {
        SmsAnalysis a = replaced("\u201CЖ\u201D olá \uD83D\uDE00");
        assertEquals("\"Ж\" olá \uD83D\uDE00", a.text());
        assertEquals(SmsEncoding.UCS2, a.encoding());
        assertEquals(List.of("Ж", "á", "\uD83D\uDE00"), a.nonGsmCharacters());
        assertEquals(
                List.of(new CharacterReplacement("\u201C", "\"", 1), new CharacterReplacement("\u201D", "\"", 1)),
                a.replacements());
    }

    @Test
    void gsmTextIsLeftAlone() {
        String text = "Hello {world} 100€ ~ ^ 'quoted' \"double\" - ok";
        SmsAnalysis a = replaced(text);
        assertEquals(text, a.text());
        assertEquals(List.of(), a.replacements());
    }

    @Test
    void replacementIsOffByDefault() {
        SmsAnalysis a = analyzer.analyze("\u201CHello\u201D");
        assertEquals("\u201CHello\u201D", a.text());
        assertEquals(SmsEncoding.UCS2, a.encoding());
        assertEquals(List.of(), a.replacements());
        assertEquals(List.of("\u201C", "\u201D"), a.nonGsmCharacters());
    }

    @Test
    void replacementCanShortenTheMessageToFewerParts() {
        String text = "\u201C" + "a".repeat(150) + "\u201D";
        assertEquals(3, analyzer.analyze(text).segments()); // 152 UCS-2 units
        SmsAnalysis a = replaced(text);
        assertEquals(SmsEncoding.GSM7, a.encoding());
        assertEquals(1, a.segments());
        assertEquals(152, a.units());
    }

    @Test
    void replacementWorksWithForcedUcs2Too() {
        SmsAnalysis a = analyzer.analyze("\u2019", EncodingPreference.UCS2, false, true);
        assertEquals("'", a.text());
        assertEquals(SmsEncoding.UCS2, a.encoding());
        assertEquals(1, a.units());
    }
}
