package com.nrsconnector.composition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UnsubscribeTokenSignerTest {

    private static final String SECRET = "0123456789abcdef-test-secret";

    private final UnsubscribeTokenSigner signer = new UnsubscribeTokenSigner(SECRET);

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 35, 36, 123_456_789, Long.MAX_VALUE})
    void roundTrip(long messageId) {
        String token = signer.sign(messageId);
        assertEquals(OptionalLong.of(messageId), signer.verify(token));
    }

    @Test
    void tokenIsCompactAndUrlSafe() {
        String token = signer.sign(123_456_789L);
        assertTrue(token.startsWith(Long.toString(123_456_789L, 36) + "."), token);
        assertTrue(token.matches("[0-9a-z]+\\.[A-Za-z0-9_-]{22}"), token);
    }

    @Test
    void signingIsDeterministicAndPerMessage() {
        assertEquals(signer.sign(42), signer.sign(42));
        assertEquals(signer.sign(42), new UnsubscribeTokenSigner(SECRET).sign(42));
        assertNotEquals(signer.sign(42).split("\\.")[1], signer.sign(43).split("\\.")[1]);
    }

    @Test
    void macIsTheTruncatedHmacOfThePrefixedId() throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] full = mac.doFinal("unsub:1000".getBytes(StandardCharsets.US_ASCII));
        String expected = "rs." + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 16));
        assertEquals(expected, signer.sign(1000));
    }

    @Test
    void tamperedIdIsRejected() {
        String mac = signer.sign(1000).split("\\.")[1];
        assertEquals(OptionalLong.empty(), signer.verify(Long.toString(1001, 36) + "." + mac));
    }

    @Test
    void tamperedMacIsRejected() {
        String token = signer.sign(1000);
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertEquals(OptionalLong.empty(), signer.verify(tampered));
    }

    @Test
    void tokenFromAnotherSecretIsRejected() {
        String foreign = new UnsubscribeTokenSigner("another-secret-of-16+chars").sign(1000);
        assertEquals(OptionalLong.empty(), signer.verify(foreign));
    }

    @Test
    void nonCanonicalFormsAreRejected() {
        String token = signer.sign(1000);
        assertEquals(OptionalLong.empty(), signer.verify(token.toUpperCase()));
        assertEquals(OptionalLong.empty(), signer.verify("0" + token));
        assertEquals(OptionalLong.empty(), signer.verify(token + "="));
        assertEquals(OptionalLong.empty(), signer.verify(" " + token));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                ".",
                "abc",
                "rs.",
                ".AAAAAAAAAAAAAAAAAAAAAA",
                "rs.AAAA",
                "rs.!!!!!!!!!!!!!!!!!!!!!!",
                "-1.AAAAAAAAAAAAAAAAAAAAAA",
                "zzzzzzzzzzzzz.AAAAAAAAAAAAAAAAAAAAAA",
                "rs.AAAAAAAAAAAAAAAAAAAAAA.x",
                "rs.AAAAAAAAAAAAAAAAAAAA==",
                "1.2.3",
                "%00",
                "\uD83D\uDE00.\uD83D\uDE00"
            })
    void garbageIsRejectedWithoutThrowing(String garbage) {
        assertEquals(OptionalLong.empty(), signer.verify(garbage));
    }

    @Test
    void negativeIdsAreNotSigned() {
        assertThrows(IllegalArgumentException.class, () -> signer.sign(-1));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"short", "fifteen-chars!!"})
    void secretMustHaveAtLeastSixteenCharacters(String secret) {
        assertThrows(IllegalArgumentException.class, () -> new UnsubscribeTokenSigner(secret));
    }

    @Test
    void sixteenCharactersAreEnough() {
        var minimal = new UnsubscribeTokenSigner("sixteen-chars!!!");
        assertEquals(OptionalLong.of(7), minimal.verify(minimal.sign(7)));
    }
}
