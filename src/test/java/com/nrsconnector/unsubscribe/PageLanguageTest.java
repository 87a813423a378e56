package com.nrsconnector.unsubscribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The contact's language first, then the browser's, then English. */
class PageLanguageTest {

    @Test
    void contactLanguageWinsWhenThePageSpeaksIt() {
        assertEquals(PageLanguage.PT, PageLanguage.choose("pt-br", "es-ES,es;q=0.9"));
        assertEquals(PageLanguage.ES, PageLanguage.choose("de", "es-ES,es;q=0.9"));
        assertEquals(PageLanguage.FR, PageLanguage.choose("FR_ca", null));
    }

    @Test
    void browserPreferenceOrderAndWeightsAreFollowed() {
        assertEquals(PageLanguage.IT, PageLanguage.choose(null, "de-DE, it;q=0.8, es;q=0.7"));
        assertEquals(PageLanguage.ES, PageLanguage.choose(null, "it;q=0.5, es;q=0.9"));
        assertEquals(PageLanguage.EN, PageLanguage.choose(null, "es;q=0, de"));
        assertEquals(List.of("b", "a", "c"), PageLanguage.preferred("a;q=0.5, b, c;q=0.1"));
    }

    @Test
    void unknownOrHostileValuesFallBackToEnglish() {
        assertEquals(PageLanguage.EN, PageLanguage.choose(null, null));
        assertEquals(PageLanguage.EN, PageLanguage.choose("", "*"));
        assertEquals(PageLanguage.EN, PageLanguage.choose(null, "es;q=abc"));
        assertEquals(PageLanguage.EN, PageLanguage.choose(null, "x".repeat(2000) + ",es"));
        assertEquals(PageLanguage.EN, PageLanguage.choose(null, ",,;;,"));
        assertNull(PageLanguage.of("zz"));
    }
}
