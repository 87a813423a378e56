package com.nrsconnector.install;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The OAuth {@code state} of an install: {@code <nonce>.<expiry epoch seconds>.<HMAC>}. A state that was not made
 * here, was altered or has expired is refused; that it is used only once is the nonce table's job
 * ({@link OAuthStates}).
 */
public final class StateSigner {

    private static final String PURPOSE = "oauth-state";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22,64}\\.[0-9]{1,12}\\.[A-Za-z0-9_-]{43}");

    /** A signed state and its nonce. */
    public record Issued(String state, String nonce, Instant expiresAt) {}

    private final Hmac hmac;
    private final Duration maxAge;
    private final Clock clock;

    public StateSigner(String key, Duration maxAge, Clock clock) {
        this.hmac = new Hmac(key);
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public Issued issue() {
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant expiresAt = clock.instant().plus(maxAge);
        String signed = nonce + "." + expiresAt.getEpochSecond();
        return new Issued(signed + "." + hmac.sign(PURPOSE, signed), nonce, expiresAt);
    }

    /** The nonce of a well-formed, authentic and unexpired state; empty otherwise. */
    public Optional<String> verify(String state) {
        if (state == null || state.length() > 160 || !SHAPE.matcher(state).matches()) {
            return Optional.empty();
        }
        int signatureAt = state.lastIndexOf('.');
        String signed = state.substring(0, signatureAt);
        if (!hmac.matches(PURPOSE, signed, state.substring(signatureAt + 1))) {
            return Optional.empty();
        }
        String[] parts = signed.split("\\.");
        long expiry = Long.parseLong(parts[1]);
        if (!Instant.ofEpochSecond(expiry).isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(parts[0]);
    }
}
