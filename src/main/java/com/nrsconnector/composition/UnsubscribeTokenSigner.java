package com.nrsconnector.composition;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs message ids into unsubscribe tokens ({@code <id base36>.<mac>}) so an unsubscribe link can be neither
 * guessed nor forged for someone else's message. The mac is the first 16 bytes (128 bits) of
 * HMAC-SHA256(secret, "unsub:" + id), base64url without padding: 22 characters, URL-safe as is.
 *
 * <p>Only the canonical form verifies (lowercase base36 without leading zeros, exact mac encoding), so each
 * message has exactly one valid token. Thread-safe: a Mac is created per call.
 */
public final class UnsubscribeTokenSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_SECRET_LENGTH = 16;
    private static final int MAC_BYTES = 16;
    private static final int MAC_CHARS = 22; // 16 bytes in unpadded base64
    private static final Pattern TOKEN = Pattern.compile("([0-9a-z]{1,13})\\.([A-Za-z0-9_-]{" + MAC_CHARS + "})");

    private final SecretKeySpec key;

    public UnsubscribeTokenSigner(String secret) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(
                    "unsubscribe secret must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    public String sign(long messageId) {
        if (messageId < 0) {
            throw new IllegalArgumentException("message id must not be negative: " + messageId);
        }
        return Long.toString(messageId, 36) + "." + mac(messageId);
    }

    /** Whether the text has the shape of a token (says nothing about its signature). */
    public static boolean wellFormed(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    /** The message id the token was signed for; empty for anything that is not a token this secret issued. */
    public OptionalLong verify(String token) {
        if (token == null) {
            return OptionalLong.empty();
        }
        var parts = TOKEN.matcher(token);
        if (!parts.matches()) {
            return OptionalLong.empty();
        }
        long messageId;
        try {
            messageId = Long.parseLong(parts.group(1), 36);
        } catch (NumberFormatException overflow) {
            return OptionalLong.empty();
        }
        if (!Long.toString(messageId, 36).equals(parts.group(1))) {
            return OptionalLong.empty(); // leading zeros: not the form we issue
        }
        byte[] expected = mac(messageId).getBytes(StandardCharsets.US_ASCII);
        byte[] given = parts.group(2).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? OptionalLong.of(messageId) : OptionalLong.empty();
    }

    private String mac(long messageId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] full = mac.doFinal(("unsub:" + messageId).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, MAC_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
