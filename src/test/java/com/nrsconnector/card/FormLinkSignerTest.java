package com.nrsconnector.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class FormLinkSignerTest {

    private static final String KEY = "Zr4Kx9pQ2mWv7bNc1tLy8dHs3fGj6aEu";
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final FormLinkSigner signer = new FormLinkSigner(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

    private static FormLinkSigner at(Instant instant) {
        return new FormLinkSigner(KEY, Clock.fixed(instant, ZoneOffset.UTC));
    }

    private static FormLinkSigner.Refusal refusal(
            FormLinkSigner signer, String form, long portal, String contact, String token) {
        return assertThrows(
                        FormLinkSigner.TokenRefusedException.class, () -> signer.verify(form, portal, contact, token))
                .refusal();
    }

    @Test
    void aTokenVerifiesForItsFormPortalAndContactUntilItExpires() {
        FormLinkSigner.Issued issued = signer.issue("sms", 62515, "1001", Duration.ofMinutes(15));
        assertEquals(NOW.plus(Duration.ofMinutes(15)), issued.expiresAt());
        FormLinkSigner.Verified verified = signer.verify("sms", 62515, "1001", issued.token());
        assertEquals(issued.nonce(), verified.nonce());
        at(NOW.plus(Duration.ofMinutes(14))).verify("sms", 62515, "1001", issued.token());
        assertEquals(
                FormLinkSigner.Refusal.EXPIRED,
                refusal(at(NOW.plus(Duration.ofMinutes(15))), "sms", 62515, "1001", issued.token()));
    }

    @Test
    void aTokenIsRefusedForAnyOtherFormPortalOrContact() {
        String token =
                signer.issue("sms", 62515, "1001", Duration.ofMinutes(15)).token();
        assertEquals(FormLinkSigner.Refusal.INVALID, refusal(signer, "sms", 62516, "1001", token));
        assertEquals(FormLinkSigner.Refusal.INVALID, refusal(signer, "sms", 62515, "1002", token));
        assertEquals(FormLinkSigner.Refusal.INVALID, refusal(signer, "voice", 62515, "1001", token));
        assertEquals(
                FormLinkSigner.Refusal.INVALID,
                refusal(
                        new FormLinkSigner("another-key-of-32-bytes-at-least!", Clock.fixed(NOW, ZoneOffset.UTC)),
                        "sms",
                        62515,
                        "1001",
                        token));
    }

    @Test
    void anAlteredOrMalformedTokenIsRefused() {
        String token =
                signer.issue("sms", 62515, "1001", Duration.ofMinutes(15)).token();
        String[] parts = token.split("\\.");
        // A later expiry with the same mac, a leading zero, another nonce, garbage.
        String later = Long.toString(Long.parseLong(parts[0], 36) + 3600, 36) + "." + parts[1] + "." + parts[2];
        for (String altered : new String[] {
            later, "0" + token, parts[0] + "." + "A".repeat(22) + "." + parts[2], token + "x", "", "a.b.c", null
        }) {
            assertEquals(FormLinkSigner.Refusal.INVALID, refusal(signer, "sms", 62515, "1001", altered), altered);
        }
    }

    @Test
    void eachTokenHasItsOwnNonceAndNoneShowsInToString() {
        FormLinkSigner.Issued one = signer.issue("sms", 62515, "1001", Duration.ofMinutes(15));
        FormLinkSigner.Issued two = signer.issue("sms", 62515, "1001", Duration.ofMinutes(15));
        assertNotEquals(one.nonce(), two.nonce());
        assertFalse(one.toString().contains(one.token()) || one.toString().contains(one.nonce()), one.toString());
        assertFalse(signer.toString().contains(KEY));
    }
}
