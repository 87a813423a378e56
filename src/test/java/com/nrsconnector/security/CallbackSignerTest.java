package com.nrsconnector.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackSignerTest {

    private static final String KEY = "callback-signing-key-for-tests";
    private static final String PURPOSE = "dlr";

    private final CallbackSigner signer = new CallbackSigner(KEY);

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 42, 1_000_000_007L, Long.MAX_VALUE, -1, Long.MIN_VALUE})
    void signedReferenceVerifies(long reference) {
        assertTrue(signer.verify(PURPOSE, reference, signer.sign(PURPOSE, reference)));
    }

    @Test
    void signatureIsTheTruncatedHmacOfPurposeAndReference() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] full = mac.doFinal("dlr:42".getBytes(StandardCharsets.UTF_8));
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 16));

        assertEquals(expected, signer.sign(PURPOSE, 42));
    }

    @Test
    void signatureIsShortUrlSafeAndDeterministic() {
        String signature = signer.sign(PURPOSE, 123_456);
        assertTrue(signature.matches("[A-Za-z0-9_-]{22}"), signature);
        assertEquals(signature, signer.sign(PURPOSE, 123_456));
        assertEquals(signature, new CallbackSigner(KEY).sign(PURPOSE, 123_456));
    }

    @Test
    void signatureForAnotherReferenceIsRefused() {
        String signature = signer.sign(PURPOSE, 1000);
        assertFalse(signer.verify(PURPOSE, 1001, signature));
        assertFalse(signer.verify(PURPOSE, -1000, signature));
        assertNotEquals(signature, signer.sign(PURPOSE, 1001));
    }

    @Test
    void signatureForAnotherPurposeIsRefused() {
        String signature = signer.sign("dlr", 1000);
        assertFalse(signer.verify("click", 1000, signature));
        assertFalse(signer.verify("DLR", 1000, signature));
        assertFalse(signer.verify("dlr:1000", 1000, signature));
    }

    @Test
    void signatureMadeWithAnotherKeyIsRefused() {
        String signature = new CallbackSigner("another-key").sign(PURPOSE, 1000);
        assertFalse(signer.verify(PURPOSE, 1000, signature));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"garbage", "AAAAAAAAAAAAAAAAAAAAAA", "!!!!!!!!!!!!!!!!!!!!!!", "a b", "=="})
    void nullEmptyAndGarbageSignaturesAreRefused(String signature) {
        assertFalse(signer.verify(PURPOSE, 1000, signature));
    }

    @Test
    void alteredSignaturesAreRefused() {
        String signature = signer.sign(PURPOSE, 1000);
        assertFalse(signer.verify(PURPOSE, 1000, signature.substring(1)));
        assertFalse(signer.verify(PURPOSE, 1000, signature + "A"));
        assertFalse(signer.verify(PURPOSE, 1000, signature + "=="));
        assertFalse(signer.verify(PURPOSE, 1000, " " + signature));
        String flipped = (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1);
        assertFalse(signer.verify(PURPOSE, 1000, flipped));
        if (!signature.equals(signature.toUpperCase())) {
            assertFalse(signer.verify(PURPOSE, 1000, signature.toUpperCase()));
        }
    }
}
