package com.nrsconnector.unsubscribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.nrsconnector.api.RequestRejectedException;

/** What a portal may store as its unsubscribe page's text and logo; checked before any database work. */
class UnsubscribePageSettingsValidationTest {

    @Test
    void blankValuesMeanTheDefault() {
        assertNull(UnsubscribePageSettings.validText(null));
        assertNull(UnsubscribePageSettings.validText("  \n "));
        assertNull(UnsubscribePageSettings.validLogoUrl(null));
        assertNull(UnsubscribePageSettings.validLogoUrl(" "));
    }

    @Test
    void textIsTrimmedAndKeepsLineBreaksAndMarkupAsText() {
        assertEquals("Línea 1\nLínea 2\t<b>x</b>", UnsubscribePageSettings.validText("  Línea 1\nLínea 2\t<b>x</b> "));
        assertEquals(1000, UnsubscribePageSettings.validText("a".repeat(1000)).length());
    }

    @Test
    void textOverTheLimitOrWithControlCharactersIsRefusedNamingTheField() {
        RequestRejectedException tooLong =
                assertThrows(RequestRejectedException.class, () -> UnsubscribePageSettings.validText("a".repeat(1001)));
        assertEquals(400, tooLong.status());
        assertEquals("text", tooLong.field());
        for (String bad : new String[] {"a\u0000b", "a\u0007b", "a\u001bb"}) {
            assertEquals(
                    "text",
                    assertThrows(RequestRejectedException.class, () -> UnsubscribePageSettings.validText(bad))
                            .field());
        }
    }

    @Test
    void logoMustBeAnAbsoluteHttpsUrl() {
        assertEquals(
                "https://cdn.example.com/logo.png?v=2",
                UnsubscribePageSettings.validLogoUrl(" https://cdn.example.com/logo.png?v=2 "));
        assertEquals("HTTPS://cdn.example.com/a", UnsubscribePageSettings.validLogoUrl("HTTPS://cdn.example.com/a"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://cdn.example.com/logo.png",
                "javascript:alert(1)",
                "data:image/png;base64,AAAA",
                "//cdn.example.com/logo.png",
                "/logo.png",
                "https://",
                "https:///logo.png",
                "https://user:pw@cdn.example.com/l.png",
                "https://cdn.example.com/a b.png",
                "https://cdn.example.com/\"onerror=\"x",
                "ftp://cdn.example.com/l.png"
            })
    void otherLogoUrlsAreRefusedNamingTheField(String url) {
        RequestRejectedException e =
                assertThrows(RequestRejectedException.class, () -> UnsubscribePageSettings.validLogoUrl(url));
        assertEquals(400, e.status());
        assertEquals("logoUrl", e.field());
    }

    @Test
    void overlongLogoUrlIsRefused() {
        assertEquals(
                "logoUrl",
                assertThrows(
                                RequestRejectedException.class,
                                () -> UnsubscribePageSettings.validLogoUrl(
                                        "https://cdn.example.com/" + "a".repeat(2000)))
                        .field());
    }
}
