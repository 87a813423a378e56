package com.nrsconnector.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HubSpot's request signatures written from its documentation, apart from the connector's verifier, so that a test
 * signing with them checks the verifier against the scheme rather than against itself.
 */
public final class HubSpotSigner {

    private HubSpotSigner() {}

    /** v2: lowercase hex of SHA-256 over client secret + method + URI + body, UTF-8. */
    public static String v2(String clientSecret, String method, String uri, String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((clientSecret + method + uri + body).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(digest.length * 2);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** v3: base64 of HMAC-SHA256, keyed with the client secret, over method + URI + body + timestamp, UTF-8. */
    public static String v3(String clientSecret, String method, String uri, String body, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] hmac = mac.doFinal((method + uri + body + timestamp).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hmac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
