package com.nrsconnector.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretCipherTest {

    private static final String KEY = "test-encryption-key-0123456789";

    private final SecretCipher cipher = new SecretCipher(KEY);

    private static String withByteFlipped(String stored, int index) {
        byte[] all = Base64.getDecoder().decode(stored.substring("v1:".length()));
        all[index] ^= 0x01;
        return "v1:" + Base64.getEncoder().encodeToString(all);
    }

    private IllegalStateException undecryptable(String stored) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cipher.decrypt(stored));
        assertTrue(e.getMessage().startsWith("cannot decrypt stored secret ("), e.getMessage());
        return e;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "pat-na1-0f0e0d0c-aaaa-bbbb-cccc-1234567890ab",
                "s3cr3t!",
                "contraseña ñandú",
                "密码🔑",
                "line1\nline2\t\"quoted\"",
                " "
            })
    void roundTripGivesBackTheSecret(String plain) {
        assertEquals(plain, cipher.decrypt(cipher.encrypt(plain)));
    }

    @Test
    void emptyStringRoundTrips() {
        String stored = cipher.encrypt("");
        assertNotEquals("", stored);
        assertEquals("", cipher.decrypt(stored));
    }

    @Test
    void longSecretRoundTrips() {
        String plain = "refresh-token-".repeat(500);
        assertEquals(plain, cipher.decrypt(cipher.encrypt(plain)));
    }

    @Test
    void nullPassesThroughBothWays() {
        assertNull(cipher.encrypt(null));
        assertNull(cipher.decrypt(null));
    }

    @Test
    void storedFormIsVersionedBase64WithoutThePlainText() {
        String stored = cipher.encrypt("my-api-password");
        assertTrue(stored.matches("v1:[A-Za-z0-9+/]+=*"), stored);
        assertFalse(stored.contains("my-api-password"));
        assertEquals(12 + "my-api-password".length() + 16, Base64.getDecoder().decode(stored.substring(3)).length);
    }

    @Test
    void twoEncryptionsOfTheSameTextDiffer() {
        String first = cipher.encrypt("same secret");
        String second = cipher.encrypt("same secret");
        assertNotEquals(first, second);
        assertEquals("same secret", cipher.decrypt(first));
        assertEquals("same secret", cipher.decrypt(second));
    }

    @Test
    void anotherInstanceWithTheSameKeyDecrypts() {
        assertEquals("shared", new SecretCipher(KEY).decrypt(cipher.encrypt("shared")));
    }

    @Test
    void anotherKeyCannotDecrypt() {
        String stored = cipher.encrypt("token");
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> new SecretCipher("another-key").decrypt(stored));
        assertTrue(e.getMessage().startsWith("cannot decrypt stored secret ("), e.getMessage());
    }

    @Test
    void tamperedCiphertextIsRefused() {
        undecryptable(withByteFlipped(cipher.encrypt("token-value"), 12));
    }

    @Test
    void tamperedIvIsRefused() {
        undecryptable(withByteFlipped(cipher.encrypt("token-value"), 0));
    }

    @Test
    void tamperedAuthenticationTagIsRefused() {
        String stored = cipher.encrypt("token-value");
        int last = Base64.getDecoder().decode(stored.substring(3)).length - 1;
        undecryptable(withByteFlipped(stored, last));
    }

    @Test
    void truncatedCiphertextIsRefused() {
        String stored = cipher.encrypt("token-value");
        byte[] all = Base64.getDecoder().decode(stored.substring(3));
        byte[] shorter = Arrays.copyOf(all, all.length - 1);
        undecryptable("v1:" + Base64.getEncoder().encodeToString(shorter));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1:", "v1:AAAA", "v1:QUJD", "v1:AAAAAAAAAAAAAAA", "v1:not base64!", "v1:%%%%"})
    void malformedV1ValuesAreRefused(String stored) {
        undecryptable(stored);
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 13, 20, 27})
    void valueShorterThanIvPlusTagIsRefusedClearly(int length) {
        String stored = cipher.encrypt("token-value");
        byte[] all = Base64.getDecoder().decode(stored.substring(3));
        undecryptable("v1:" + Base64.getEncoder().encodeToString(Arrays.copyOf(all, length)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain-text-password", "", "v2:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "V1:AAAA", " v1:AAAA"})
    void unknownFormatIsRefused(String stored) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cipher.decrypt(stored));
        assertEquals("stored secret is not in a known format", e.getMessage());
    }
}
