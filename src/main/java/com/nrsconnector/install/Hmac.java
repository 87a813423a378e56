package com.nrsconnector.install;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over a purpose and a value, base64url without padding. The purpose keeps a signature made for one use
 * (an install state, a session, a CSRF token) from being accepted for another.
 */
final class Hmac {

    private final SecretKeySpec key;

    Hmac(String keyMaterial) {
        if (keyMaterial == null || keyMaterial.isEmpty()) {
            throw new IllegalArgumentException("a signing key is required");
        }
        this.key = new SecretKeySpec(keyMaterial.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    String sign(String purpose, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((purpose + "\n" + value).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Constant-time comparison with the expected signature. */
    boolean matches(String purpose, String value, String signature) {
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(
                sign(purpose, value).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.UTF_8));
    }
}
