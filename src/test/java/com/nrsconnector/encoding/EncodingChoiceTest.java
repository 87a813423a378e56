package com.nrsconnector.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which characters are GSM, GSM-PT or UCS-2, and how the preference picks the encoding. */
class EncodingChoiceTest {

    /** 3GPP TS 23.038 default alphabet, typed from the spec table (not read from the JSON under test). */
    private static final String DEFAULT_ALPHABET = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private static final String EXTENSION = "\f^{}\\[~]|€";

    private final SmsEncodingAnalyzer analyzer = new SmsEncodingAnalyzer();

    @Test
    void wholeDefaultAlphabetIsOneSeptetPerCharacter() {
        assertEquals(127, DEFAULT_ALPHABET.length());
        SmsAnalysis a = analyzer.analyze(DEFAULT_ALPHABET, EncodingPreference.GSM, false, false);
        assertEquals(SmsEncoding.GSM7, a.encoding());
        assertEquals(127, a.units());
        assertEquals(List.of(), a.nonGsmCharacters());
    }

    @Test
    void extensionTableCharactersAreTwoSeptetsEach() {
        SmsAnalysis a = analyzer.analyze(EXTENSION, EncodingPreference.GSM, false, false);
        assertEquals(SmsEncoding.GSM7, a.encoding());
        assertEquals(20, a.units());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "à", "ä", "å", "Ä", "Å", "Æ", "æ", "Ç", "é", "É", "è", "ì", "ñ", "Ñ", "ò", "ö", "Ö", "Ø", "ø", "ß", "ù",
                "ü", "Ü", "¡", "¿", "£", "¥", "§", "¤", "@", "$", "_", "Δ", "Φ", "Γ", "Λ", "Ω", "Π", "Ψ", "Σ", "Θ", "Ξ"
            })
    void latinAndGreekLettersOfTheDefaultAlphabetAreGsm(String c) {
        SmsAnalysis a = analyzer.analyze("x" + c, EncodingPreference.GSM, false, false);
        assertEquals(SmsEncoding.GSM7, a.encoding(), c);
        assertEquals(2, a.units(), c);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "á",
                "í",
                "ó",
                "ú",
                "Á",
                "Í",
                "Ó",
                "Ú",
                "ç",
                "ã",
                "õ",
                "Ã",
                "Õ",
                "â",
                "ê",
                "ô",
                "Â",
                "Ê",
                "Ô",
                "À",
                "È",
                "Ì",
                "Ò",
                "Ù",
                "ï",
                "ë",
                "α",
                "`",
                "°",
                "\t",
                "\u00A0",
                "\u2018",
                "\u2019",
                "\u201C",
                "\u201D",
                "\u2013",
                "\u2014",
                "\u2026",
                "\u2022",
                "\u001B",
                "\uD83D\uDE00",
                "\uD842\uDFB7"
            })
    void charactersOutsideTheGsmAlphabetForceUcs2UnderGsmPreference(String c) {
        SmsAnalysis a = analyzer.analyze("x" + c, EncodingPreference.GSM, false, false);
        assertEquals(SmsEncoding.UCS2, a.encoding(), c);
        assertEquals(1 + c.length(), a.units(), c);
        assertEquals(List.of(c), a.nonGsmCharacters(), c);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "À", "Á", "Â", "Ã", "Ê", "Í", "Ó", "Ô", "Õ", "Ú", "á", "â", "ã", "ç", "ê", "í", "ó", "ô", "õ", "ú", "ª",
                "º", "∞", "`"
            })
    void portugueseTablesCoverPortugueseLetters(String c) {
        assertEquals(SmsEncoding.GSM7_PT, analyzer.analyze("x" + c).encoding(), c);
        assertEquals(
                SmsEncoding.UCS2,
                analyzer.analyze("x" + c, EncodingPreference.AUTO, false, false).encoding(),
                c);
    }

    @ParameterizedTest
    @ValueSource(strings = {"È", "Ì", "Ò", "Ù", "ï", "ë", "α", "°", "\t", "\u00A0", "\u201C", "\u2026", "\uD83D\uDE00"})
    void charactersInNoPortugueseTableStayUcs2(String c) {
        assertEquals(SmsEncoding.UCS2, analyzer.analyze("x" + c).encoding(), c);
    }

    @Test
    void capitalCedillaIsGsmButSmallCedillaIsNot() {
        assertEquals(
                SmsEncoding.GSM7,
                analyzer.analyze("Ç", EncodingPreference.GSM, false, false).encoding());
        assertEquals(
                SmsEncoding.UCS2,
                analyzer.analyze("ç", EncodingPreference.GSM, false, false).encoding());
        assertEquals(SmsEncoding.GSM7_PT, analyzer.analyze("ç").encoding());
    }

    @Test
    void decomposedAccentIsUcs2ButPrecomposedIsGsm() {
        SmsAnalysis decomposed = analyzer.analyze("caf" + "e\u0301");
        assertEquals(SmsEncoding.UCS2, decomposed.encoding());
        assertEquals(5, decomposed.units());
        assertEquals(List.of("\u0301"), decomposed.nonGsmCharacters());
        assertEquals(SmsEncoding.GSM7, analyzer.analyze("café").encoding());
    }

    @Test
    void spanishWithOnlyEnyeIsGsm() {
        SmsAnalysis a = analyzer.analyze("Mañana, España. ¡Hola! ¿Qué tal?");
        assertEquals(SmsEncoding.GSM7, a.encoding());
        assertEquals(32, a.units());
    }

    @Test
    void spanishAcuteAccentsNeedGsmPtOrUcs2() {
        String text = "¿Dónde está el baño?";
        SmsAnalysis portuguese = analyzer.analyze(text);
        // ¿ and ñ exist only in the default alphabet, so the default locking + Portuguese single shift pair wins.
        assertEquals(SmsEncoding.GSM7_PT, portuguese.encoding());
        assertEquals(22, portuguese.units());
        assertEquals(155, portuguese.unitsPerSegment());
        assertEquals(List.of("ó", "á"), portuguese.nonGsmCharacters());

        SmsAnalysis noPortuguese = analyzer.analyze(text, EncodingPreference.AUTO, false, false);
        assertEquals(SmsEncoding.UCS2, noPortuguese.encoding());
        assertEquals(20, noPortuguese.units());
        assertEquals(70, noPortuguese.unitsPerSegment());
    }

    static Stream<Arguments> portugueseTexts() {
        return Stream.of(
                // text, septets, septets per segment
                Arguments.of("Olá, você já não está na lista", 30, 155),
                Arguments.of("Não há promoções às terças-feiras. Obrigado!", 44, 155),
                Arguments.of("Atenção: a sua encomenda nº 123 será entregue amanhã.", 53, 155),
                Arguments.of("ÁGUA, PÃO E CAFÉ", 16, 155),
                Arguments.of("Olá! Responda SIM ou NÃO.", 25, 155));
    }

    @ParameterizedTest
    @MethodSource("portugueseTexts")
    void portugueseTextUsesTheLockingTable(String text, int septets, int perSegment) {
        SmsAnalysis a = analyzer.analyze(text);
        assertEquals(SmsEncoding.GSM7_PT, a.encoding());
        assertEquals("gsm-pt", a.encoding().nrsCode());
        assertEquals(septets, a.units());
        assertEquals(perSegment, a.unitsPerSegment());
        assertEquals(1, a.segments());
        assertEquals(
                SmsEncoding.UCS2,
                analyzer.analyze(text, EncodingPreference.GSM, true, false).encoding());
        assertEquals(
                SmsEncoding.GSM7_PT,
                analyzer.analyze(text, EncodingPreference.GSM_PT, true, false).encoding());
    }

    @Test
    void portugueseLockingTableAvoidsTheSecondPart() {
        // Via the single shift table "ã" costs 2 septets (200: 2 parts); via the locking table 1 (100: 1 part).
        SmsAnalysis a = analyzer.analyze("ã".repeat(100));
        assertEquals(SmsEncoding.GSM7_PT, a.encoding());
        assertEquals(1, a.segments());
        assertEquals(100, a.units());
        assertEquals(155, a.unitsPerSegment());
    }

    @Test
    void oneNationalTableGives155And149() {
        SmsAnalysis single = analyzer.analyze("ã".repeat(155));
        assertEquals(1, single.segments());
        assertEquals(155, single.unitsPerSegment());

        SmsAnalysis multi = analyzer.analyze("ã".repeat(156));
        assertEquals(2, multi.segments());
        assertEquals(149, multi.unitsPerSegment());
        assertEquals(List.of(149, 7), multi.parts().stream().map(String::length).toList());
    }

    @Test
    void bothNationalTablesGive152And146() {
        // ª exists only in the Portuguese locking table, Γ then only in the Portuguese single shift table.
        SmsAnalysis single = analyzer.analyze("ª".repeat(150) + "Γ");
        assertEquals(SmsEncoding.GSM7_PT, single.encoding());
        assertEquals(152, single.units());
        assertEquals(1, single.segments());
        assertEquals(152, single.unitsPerSegment());

        SmsAnalysis multi = analyzer.analyze("ª".repeat(151) + "Γ");
        assertEquals(153, multi.units());
        assertEquals(2, multi.segments());
        assertEquals(146, multi.unitsPerSegment());
        assertEquals(List.of("ª".repeat(146), "ª".repeat(5) + "Γ"), multi.parts());
    }

    @Test
    void singleShiftEscPairIsNotSplitInGsmPt() {
        // Default locking + Portuguese single shift (ñ forces the default locking table): 149 septets per part.
        SmsAnalysis a = analyzer.analyze("ñ" + "a".repeat(147) + "á" + "a".repeat(10));
        assertEquals(SmsEncoding.GSM7_PT, a.encoding());
        assertEquals(160, a.units());
        assertEquals(149, a.unitsPerSegment());
        assertEquals("ñ" + "a".repeat(147), a.parts().get(0));
        assertEquals("á" + "a".repeat(10), a.parts().get(1));
    }

    @Test
    void tieBetweenPortuguesePairsGoesToTheMostSeptetsLeft() {
        // Γ + á: default locking + PT shift costs 1 + 2 = 3 of 155; PT locking + PT shift costs 2 + 1 = 3 of 152.
        SmsAnalysis a = analyzer.analyze("Γá");
        assertEquals(SmsEncoding.GSM7_PT, a.encoding());
        assertEquals(3, a.units());
        assertEquals(155, a.unitsPerSegment());
    }

    @Test
    void charactersFromIncompatibleTablesFallBackToUcs2() {
        // ñ is only in the default alphabet, ª only in the Portuguese locking table: no pair holds both.
        assertEquals(SmsEncoding.UCS2, analyzer.analyze("ñª").encoding());
    }

    @Test
    void autoKeepsGsmEvenWhenPortugueseWouldBeShorter() {
        SmsAnalysis a = analyzer.analyze("€".repeat(100));
        assertEquals(SmsEncoding.GSM7, a.encoding());
        assertEquals(200, a.units());
        assertEquals(2, a.segments());
    }

    @Test
    void gsmPtPreferenceTakesPortugueseWhenItNeedsFewerParts() {
        SmsAnalysis a = analyzer.analyze("€".repeat(100), EncodingPreference.GSM_PT, true, false);
        assertEquals(SmsEncoding.GSM7_PT, a.encoding());
        assertEquals(100, a.units());
        assertEquals(1, a.segments());
    }

    @Test
    void gsmPtPreferenceTieGoesToGsm() {
        SmsAnalysis a = analyzer.analyze("Hello ~ world", EncodingPreference.GSM_PT, true, false);
        assertEquals(SmsEncoding.GSM7, a.encoding());
        assertEquals(14, a.units());
    }

    @Test
    void gsmPtPreferenceWithoutPortugueseAllowedBehavesLikeGsm() {
        assertEquals(
                SmsEncoding.GSM7,
                analyzer.analyze("€".repeat(100), EncodingPreference.GSM_PT, false, false)
                        .encoding());
        assertEquals(
                SmsEncoding.UCS2,
                analyzer.analyze("olá", EncodingPreference.GSM_PT, false, false).encoding());
    }

    @Test
    void gsmPtPreferenceFallsBackToUcs2() {
        assertEquals(
                SmsEncoding.UCS2,
                analyzer.analyze("olá 😀", EncodingPreference.GSM_PT, true, false)
                        .encoding());
    }

    @Test
    void nullPreferenceMeansAuto() {
        assertEquals(
                SmsEncoding.GSM7_PT, analyzer.analyze("olá", null, true, false).encoding());
    }

    @Test
    void nonGsmCharactersAreDistinctInOrderOfFirstAppearance() {
        SmsAnalysis a = analyzer.analyze("Жa\uD83D\uDE00Ж\uD83D\uDE00 ç Ж");
        assertEquals(List.of("Ж", "\uD83D\uDE00", "ç"), a.nonGsmCharacters());
    }

    @Test
    void analysisListsAreImmutable() {
        SmsAnalysis a = analyzer.analyze("hello");
        org.junit.jupiter.api.Assertions.assertThrows(
                UnsupportedOperationException.class, () -> a.parts().add("x"));
    }
}
