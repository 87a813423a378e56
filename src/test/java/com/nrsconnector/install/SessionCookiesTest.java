package com.nrsconnector.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class SessionCookiesTest {

    private static final String KEY = "a-test-session-key-of-32-bytes!!";
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private static SessionCookies at(Instant now, boolean secure) {
        return new SessionCookies(KEY, Duration.ofHours(8), secure, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** The Cookie request header a browser sends back for a Set-Cookie value. */
    private static String cookieHeader(String setCookie) {
        return setCookie.split(";", 2)[0];
    }

    @Test
    void theCookieItSetsOpensTheSameSession() {
        SessionCookies cookies = at(NOW, false);
        Session session = cookies.open(62516);
        String setCookie = cookies.setCookie(session);
        assertEquals(
                session,
                at(NOW.plusSeconds(3600), false)
                        .read("theme=dark; " + cookieHeader(setCookie))
                        .orElseThrow());
    }

    @Test
    void theCookieIsHttpOnlySameSiteScopedAndSecureOnlyOverHttps() {
        String plain = at(NOW, false).setCookie(at(NOW, false).open(1));
        assertTrue(plain.contains("; HttpOnly"), plain);
        assertTrue(plain.contains("; SameSite=Lax"), plain);
        assertTrue(plain.contains("; Path=/oauth"), plain);
        assertTrue(plain.contains("; Max-Age=28800"), plain);
        assertFalse(plain.contains("Secure"), plain);
        assertTrue(at(NOW, true).setCookie(at(NOW, true).open(1)).endsWith("; Secure"));
        assertTrue(at(NOW, true).clearCookie().contains("Max-Age=0"));
    }

    @Test
    void anExpiredSessionIsRefused() {
        SessionCookies cookies = at(NOW, false);
        String header = cookieHeader(cookies.setCookie(cookies.open(62516)));
        assertTrue(at(NOW.plus(Duration.ofHours(8)), false).read(header).isEmpty());
    }

    @Test
    void anotherPortalCannotBeSwappedIn() {
        SessionCookies cookies = at(NOW, false);
        String header = cookieHeader(cookies.setCookie(cookies.open(62516)));
        assertTrue(cookies.read(header.replace("=62516.", "=62515.")).isEmpty());
        assertTrue(cookies.read(header.substring(0, header.length() - 1) + (header.endsWith("A") ? "B" : "A"))
                .isEmpty());
    }

    @Test
    void aCookieSignedWithAnotherKeyIsRefused() {
        SessionCookies other = new SessionCookies(
                "another-key-of-at-least-32-bytes", Duration.ofHours(8), false, Clock.fixed(NOW, ZoneOffset.UTC));
        assertTrue(at(NOW, false)
                .read(cookieHeader(other.setCookie(other.open(62516))))
                .isEmpty());
    }

    @Test
    void missingOrMalformedCookiesAreRefused() {
        SessionCookies cookies = at(NOW, false);
        for (String header : new String[] {
            null,
            "",
            "nrs_connector_session=",
            "nrs_connector_session=1.2.3.4",
            "other=1",
            "nrs_connector_session=62516.AAAAAAAAAAAAAAAAAAAAAA.9999999999." + "A".repeat(43),
            "[nrs_connector_session=x, nrs_connector_session=y]",
            "x".repeat(10_000)
        }) {
            assertTrue(cookies.read(header).isEmpty(), String.valueOf(header));
        }
    }
}
