package com.nrsconnector.install;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class CsrfTokensTest {

    private final CsrfTokens csrf = new CsrfTokens("a-test-session-key-of-32-bytes!!");
    private final Session session = new Session(62516, "AAAAAAAAAAAAAAAAAAAAAA", Instant.parse("2026-11-26T18:00:00Z"));

    @Test
    void theSessionsOwnTokenMatches() {
        assertTrue(csrf.matches(session, csrf.tokenFor(session)));
    }

    @Test
    void aTokenOfAnotherSessionOrPortalDoesNot() {
        Session otherSession = new Session(62516, "BBBBBBBBBBBBBBBBBBBBBB", session.expiresAt());
        Session otherPortal = new Session(62517, session.id(), session.expiresAt());
        assertFalse(csrf.matches(session, csrf.tokenFor(otherSession)));
        assertFalse(csrf.matches(session, csrf.tokenFor(otherPortal)));
        assertFalse(csrf.matches(session, new CsrfTokens("another-key-of-at-least-32-bytes").tokenFor(session)));
    }

    @Test
    void missingOrMalformedTokensDoNotMatch() {
        for (String token : new String[] {null, "", "x", csrf.tokenFor(session) + "x", "A".repeat(5000)}) {
            assertFalse(csrf.matches(session, token), String.valueOf(token));
        }
    }
}
