package com.nrsconnector.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nrsconnector.config.ConnectorConfig;

/**
 * Signs the message reference carried in a 360nrs notification URL, so that only 360nrs (which received the URL)
 * can report on a message, and nobody can forge a report for another message by changing the reference.
 */
@ApplicationScoped
public class CallbackSigner {

    private final byte[] key;

    @Inject
    public CallbackSigner(ConnectorConfig config) {
        this(config.secrets().signingKey());
    }

    public CallbackSigner(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    public String sign(String purpose, long reference) {
        return sign(purpose, Long.toString(reference));
    }

    /**
     * Signs a textual reference (e.g. a 360nrs account for its reply URL): the first 16 bytes of
     * HMAC-SHA256(signing key, purpose + ":" + reference), base64url without padding.
     */
    public String sign(String purpose, String reference) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = mac.doFinal((purpose + ":" + reference).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean verify(String purpose, long reference, String signature) {
        return verify(purpose, Long.toString(reference), signature);
    }

    public boolean verify(String purpose, String reference, String signature) {
        if (signature == null || reference == null) {
            return false;
        }
        return MessageDigest.isEqual(
                sign(purpose, reference).getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
    }
}
