package com.nrsconnector.card;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tokens of form links: {@code <expiry, epoch seconds in base36>.<nonce>.<mac>}, where the nonce is 16 random
 * bytes and the mac is HMAC-SHA256(key, form, portal, contact, expiry, nonce), both base64url without padding. A token
 * is good for one form, one portal and one contact until its expiry; that it is used once is the database's to
 * enforce (by its nonce). Thread-safe: a Mac is created per call.
 */
public final class FormLinkSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern TOKEN =
            Pattern.compile("([0-9a-z]{1,12})\\.([A-Za-z0-9_-]{22})\\.([A-Za-z0-9_-]{43})");

    /** A token and what it was issued with. */
    public record Issued(String token, String nonce, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[expiresAt=" + expiresAt + "]";
        }
    }

    /** What a token that verified says: its nonce (the single-use key) and its expiry. */
    public record Verified(String nonce, Instant expiresAt) {
        @Override
        public String toString() {
            return "Verified[expiresAt=" + expiresAt + "]";
        }
    }

    /** Why a token is refused. */
    public enum Refusal {
        /** Not a token of this form, portal and contact: malformed, altered, or issued for another one. */
        INVALID,
        /** Issued here, but its time is up. */
        EXPIRED
    }

    public static final class TokenRefusedException extends RuntimeException {
        private final Refusal refusal;

        TokenRefusedException(Refusal refusal) {
            super(refusal.name());
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    private final SecretKeySpec key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public FormLinkSigner(String key, Clock clock) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("the form link signing key is empty");
        }
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.clock = clock;
    }

    public Issued issue(String form, long portalId, String contactId, Duration ttl) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long expires = clock.instant().plus(ttl).getEpochSecond();
        String token = Long.toString(expires, 36) + "." + nonce + "." + mac(form, portalId, contactId, expires, nonce);
        return new Issued(token, nonce, Instant.ofEpochSecond(expires));
    }

    /** The nonce and expiry of a token issued for exactly this form, portal and contact; refused otherwise. */
    public Verified verify(String form, long portalId, String contactId, String token) {
        Matcher parts = token == null ? null : TOKEN.matcher(token);
        if (parts == null || !parts.matches()) {
            throw new TokenRefusedException(Refusal.INVALID);
        }
        Optional<Long> expires = canonicalBase36(parts.group(1));
        if (expires.isEmpty()) {
            throw new TokenRefusedException(Refusal.INVALID);
        }
        byte[] expected =
                mac(form, portalId, contactId, expires.get(), parts.group(2)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, parts.group(3).getBytes(StandardCharsets.US_ASCII))) {
            throw new TokenRefusedException(Refusal.INVALID);
        }
        Instant expiresAt = Instant.ofEpochSecond(expires.get());
        if (!clock.instant().isBefore(expiresAt)) {
            throw new TokenRefusedException(Refusal.EXPIRED);
        }
        return new Verified(parts.group(2), expiresAt);
    }

    private static Optional<Long> canonicalBase36(String text) {
        try {
            long value = Long.parseLong(text, 36);
            return Long.toString(value, 36).equals(text) ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String mac(String form, long portalId, String contactId, long expires, String nonce) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            String signed = "form-link\n" + form + "\n" + portalId + "\n" + contactId + "\n" + expires + "\n" + nonce;
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "FormLinkSigner[key redacted]";
    }
}
