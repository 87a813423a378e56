package com.nrsconnector.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EncodingPreferenceTest {

    @ParameterizedTest
    @CsvSource({
        "auto, AUTO",
        "AUTO, AUTO",
        "gsm, GSM",
        "GSM, GSM",
        "gsm-pt, GSM_PT",
        "GSM-PT, GSM_PT",
        "Gsm-Pt, GSM_PT",
        "ucs2, UCS2",
        "UCS2, UCS2",
        "' ucs2 ', UCS2"
    })
    void parsesTheFourNamesIgnoringCase(String input, EncodingPreference expected) {
        assertEquals(expected, EncodingPreference.parse(input));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void nullOrBlankMeansAuto(String input) {
        assertEquals(EncodingPreference.AUTO, EncodingPreference.parse(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"utf-16", "gsm7", "gsm_pt", "unicode", "x"})
    void rejectsAnythingElseWithAClearMessage(String input) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> EncodingPreference.parse(input));
        assertTrue(e.getMessage().contains("'" + input + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("auto, gsm, gsm-pt, ucs2"), e.getMessage());
    }

    @Test
    void nrsCodesAreThe360nrsEncodingValues() {
        assertEquals("gsm", SmsEncoding.GSM7.nrsCode());
        assertEquals("gsm-pt", SmsEncoding.GSM7_PT.nrsCode());
        assertEquals("utf-16", SmsEncoding.UCS2.nrsCode());
    }
}
