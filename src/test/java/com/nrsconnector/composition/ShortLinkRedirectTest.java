package com.nrsconnector.composition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.nrsconnector.api.RequestRejectedException;

/** Codes that cannot be ours are refused before any database work: this bean has no database here at all. */
class ShortLinkRedirectTest {

    private static CamelContext camel;

    private final ShortLinkRedirect redirect = new ShortLinkRedirect();

    @BeforeAll
    static void startCamel() {
        camel = new DefaultCamelContext();
    }

    @AfterAll
    static void stopCamel() throws Exception {
        camel.close();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "\u0000", "abc\u0000def", "abc def", "abc-def", "abc%00", "ñandú123", "../etc",
            "abcdefghijklmnopqrstuvwxyz0123456", "'; DROP TABLE short_link; --"})
    void codeThatCannotBeOursIsA404WithoutTouchingTheDatabase(String code) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader("code", code);
        RequestRejectedException e = assertThrows(RequestRejectedException.class, () -> redirect.click(exchange));
        assertEquals(404, e.status());
        assertEquals("This link does not exist or has expired.", e.getMessage());
    }
}
