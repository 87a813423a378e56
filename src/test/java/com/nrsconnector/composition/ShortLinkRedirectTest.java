package com.nrsconnector.composition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.nrsconnector.api.RequestRejectedException;

/** Codes that cannot be ours are refused before any database work: this bean has no database here at all. */
class ShortLinkRedirectTest {

    private final ShortLinkRedirect redirect = new ShortLinkRedirect();

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "\u0000",
                "abc\u0000def",
                "abc def",
                "abc-def",
                "abc%00",
                "ñandú123",
                "../etc",
                "abcdefghijklmnopqrstuvwxyz0123456",
                "'; DROP TABLE short_link; --"
            })
    void codeThatCannotBeOursIsA404WithoutTouchingTheDatabase(String code) {
        RequestRejectedException e = assertThrows(RequestRejectedException.class, () -> redirect.click(code));
        assertEquals(404, e.status());
        assertEquals("This link does not exist or has expired.", e.getMessage());
    }
}
