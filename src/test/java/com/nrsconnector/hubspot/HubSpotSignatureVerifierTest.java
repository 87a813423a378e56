package com.nrsconnector.hubspot;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import com.nrsconnector.hubspot.HubSpotSignatureVerifier.SignatureHeaders;
import com.nrsconnector.hubspot.HubSpotSignatureVerifier.SignatureRejectedException;
import com.nrsconnector.support.HubSpotSigner;

class HubSpotSignatureVerifierTest {

    private static final String SECRET = "client-secret-for-tests";
    private static final long NOW = 1_700_000_000_000L;
    private static final long FIVE_MINUTES = 300_000L;
    private static final String METHOD = "POST";
    private static final String URI = "https://example.com/hubspot/actions/send-sms?x=1";
    private static final String BODY = "{\"callbackId\":\"ap-1\",\"inputFields\":{\"message\":\"hi\"}}";

    private final HubSpotSignatureVerifier verifier = new HubSpotSignatureVerifier(
            SECRET, Duration.ofMinutes(5), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    private static String signed(String uri, String body, long timestamp) {
        return HubSpotSignatureVerifier.sign(SECRET, METHOD, uri, body, Long.toString(timestamp));
    }

    private void verify(String uri, String body, String timestamp, String signature) {
        verifier.verify(METHOD, List.of(uri), body, timestamp, signature);
    }

    private SignatureRejectedException rejected(String uri, String body, String timestamp, String signature) {
        return assertThrows(SignatureRejectedException.class, () -> verify(uri, body, timestamp, signature));
    }

    @Test
    void signMatchesAnIndependentlyComputedHmacForAKnownVector() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String source = "POST" + "https://example.com/hubspot/actions/send-sms?x=1" + "{\"a\":1}" + "1700000000000";
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(source.getBytes(StandardCharsets.UTF_8)));

        assertEquals(
                expected,
                HubSpotSignatureVerifier.sign(
                        "s3cret",
                        "POST",
                        "https://example.com/hubspot/actions/send-sms?x=1",
                        "{\"a\":1}",
                        "1700000000000"));
    }

    @Test
    void signTreatsANullBodyAsEmpty() {
        assertEquals(
                HubSpotSignatureVerifier.sign(SECRET, "GET", URI, "", "1"),
                HubSpotSignatureVerifier.sign(SECRET, "GET", URI, null, "1"));
    }

    @Test
    void validSignatureIsAccepted() {
        assertDoesNotThrow(() -> verify(URI, BODY, Long.toString(NOW), signed(URI, BODY, NOW)));
    }

    @Test
    void validSignatureOverAnEmptyBodyIsAccepted() {
        assertDoesNotThrow(() -> verifier.verify(
                "GET",
                List.of(URI),
                null,
                Long.toString(NOW),
                HubSpotSignatureVerifier.sign(SECRET, "GET", URI, "", Long.toString(NOW))));
    }

    @Test
    void surroundingWhitespaceInHeadersIsIgnored() {
        assertDoesNotThrow(() -> verify(URI, BODY, " " + NOW + " ", " " + signed(URI, BODY, NOW) + "\t"));
    }

    @Test
    void anyOfSeveralUriCandidatesMayMatch() {
        String proxied = "https://public.example.com/hubspot/actions/send-sms?x=1";
        assertDoesNotThrow(() ->
                verifier.verify(METHOD, List.of(URI, proxied), BODY, Long.toString(NOW), signed(proxied, BODY, NOW)));
    }

    @Test
    void signatureMadeWithAnotherSecretIsRejected() {
        String signature = HubSpotSignatureVerifier.sign("another-secret", METHOD, URI, BODY, Long.toString(NOW));
        assertEquals(
                "signature does not match",
                rejected(URI, BODY, Long.toString(NOW), signature).getMessage());
    }

    @Test
    void tamperedBodyIsRejected() {
        String signature = signed(URI, BODY, NOW);
        assertEquals(
                "signature does not match",
                rejected(URI, BODY.replace("hi", "ho"), Long.toString(NOW), signature)
                        .getMessage());
    }

    @Test
    void tamperedUriIsRejected() {
        String signature = signed(URI, BODY, NOW);
        assertEquals(
                "signature does not match",
                rejected(URI.replace("x=1", "x=2"), BODY, Long.toString(NOW), signature)
                        .getMessage());
    }

    @Test
    void otherMethodIsRejected() {
        String signature = signed(URI, BODY, NOW);
        SignatureRejectedException e = assertThrows(
                SignatureRejectedException.class,
                () -> verifier.verify("PUT", List.of(URI), BODY, Long.toString(NOW), signature));
        assertEquals("signature does not match", e.getMessage());
    }

    @Test
    void signatureOverAnotherTimestampIsRejected() {
        String signature = signed(URI, BODY, NOW - 1);
        assertEquals(
                "signature does not match",
                rejected(URI, BODY, Long.toString(NOW), signature).getMessage());
    }

    @Test
    void noUriCandidateIsRejected() {
        SignatureRejectedException e = assertThrows(
                SignatureRejectedException.class,
                () -> verifier.verify(METHOD, List.of(), BODY, Long.toString(NOW), signed(URI, BODY, NOW)));
        assertEquals("signature does not match", e.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void missingSignatureHeaderIsRejected(String signature) {
        SignatureRejectedException e = rejected(URI, BODY, Long.toString(NOW), signature);
        assertEquals("missing X-HubSpot-Signature-v3 header", e.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void missingTimestampHeaderIsRejected(String timestamp) {
        SignatureRejectedException e = rejected(URI, BODY, timestamp, signed(URI, BODY, NOW));
        assertEquals("missing X-HubSpot-Request-Timestamp header", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "1.7e12", "1700000000000ms", "2023-11-14T22:13:20Z", "99999999999999999999"})
    void nonNumericTimestampIsRejected(String timestamp) {
        SignatureRejectedException e =
                rejected(URI, BODY, timestamp, HubSpotSignatureVerifier.sign(SECRET, METHOD, URI, BODY, timestamp));
        assertEquals("X-HubSpot-Request-Timestamp is not epoch milliseconds", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = {FIVE_MINUTES + 1, 6 * 60_000, 24 * 3_600_000L, NOW})
    void timestampOlderThanFiveMinutesIsRejected(long age) {
        long timestamp = NOW - age;
        SignatureRejectedException e = rejected(URI, BODY, Long.toString(timestamp), signed(URI, BODY, timestamp));
        assertEquals("request timestamp is outside the 5-minute window", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = {FIVE_MINUTES + 1, 6 * 60_000, 24 * 3_600_000L})
    void timestampMoreThanFiveMinutesInTheFutureIsRejected(long ahead) {
        long timestamp = NOW + ahead;
        SignatureRejectedException e = rejected(URI, BODY, Long.toString(timestamp), signed(URI, BODY, timestamp));
        assertEquals("request timestamp is outside the 5-minute window", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = {-FIVE_MINUTES, -FIVE_MINUTES + 1, -1, 0, 1, FIVE_MINUTES - 1, FIVE_MINUTES})
    void timestampWithinFiveMinutesEitherWayIncludingTheBoundaryIsAccepted(long offset) {
        long timestamp = NOW + offset;
        assertDoesNotThrow(() -> verify(URI, BODY, Long.toString(timestamp), signed(URI, BODY, timestamp)));
    }

    @Test
    void staleTimestampIsRejectedEvenWhenTheSignatureIsValid() {
        long timestamp = NOW - FIVE_MINUTES - 1;
        assertTrue(rejected(URI, BODY, Long.toString(timestamp), signed(URI, BODY, timestamp))
                .getMessage()
                .contains("window"));
    }

    @Test
    void timestampWhoseAgeOverflowsIsRejected() {
        long timestamp = NOW - Long.MIN_VALUE;
        SignatureRejectedException e = rejected(URI, BODY, Long.toString(timestamp), signed(URI, BODY, timestamp));
        assertEquals("request timestamp is outside the 5-minute window", e.getMessage());
    }

    @Test
    void uriWithEncodedCharactersSignedDecodedIsAccepted() {
        String received =
                "https://example.com/hubspot/actions/send-sms?redirect=https%3A%2F%2Fshop.example%2Fa%3Fb%40c";
        String decoded = "https://example.com/hubspot/actions/send-sms?redirect=https://shop.example/a?b@c";
        assertDoesNotThrow(() -> verify(received, BODY, Long.toString(NOW), signed(decoded, BODY, NOW)));
    }

    @Test
    void uriWithEncodedCharactersSignedAsReceivedIsAccepted() {
        String received = "https://example.com/hubspot/actions/send-sms?redirect=https%3A%2F%2Fshop.example";
        assertDoesNotThrow(() -> verify(received, BODY, Long.toString(NOW), signed(received, BODY, NOW)));
    }

    @Test
    void decodedUriWithAnotherValueIsStillRejected() {
        String received = "https://example.com/hubspot/actions/send-sms?redirect=https%3A%2F%2Fshop.example";
        String other = "https://example.com/hubspot/actions/send-sms?redirect=https://evil.example";
        assertEquals(
                "signature does not match",
                rejected(received, BODY, Long.toString(NOW), signed(other, BODY, NOW))
                        .getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "%3A|:", "%2F|/", "%3F|?", "%40|@", "%21|!", "%24|$", "%27|'", "%28|(", "%29|)", "%2A|*", "%2C|,",
                "%3B|;"
            })
    void decodeUriDecodesEachDocumentedSequence(String encoded, String decoded) {
        assertEquals("a" + decoded + "b", HubSpotSignatureVerifier.decodeUri("a" + encoded + "b"));
    }

    @Test
    void decodeUriAcceptsLowerCaseHexDigits() {
        assertEquals("https://x/y?z", HubSpotSignatureVerifier.decodeUri("https%3a%2f%2fx%2Fy%3fz"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a%20b", "a%2Bb", "a%25b", "a%3", "a%", "%", "%%3", "plain/path?q=1", ""})
    void decodeUriLeavesOtherSequencesAndIncompleteEscapesAlone(String uri) {
        assertEquals(uri, HubSpotSignatureVerifier.decodeUri(uri));
    }

    @Test
    void decodeUriDecodesOnlyOnceSoAnEncodedPercentStaysEncoded() {
        assertEquals("a%253A", HubSpotSignatureVerifier.decodeUri("a%253A"));
    }

    // Both schemes, as the authenticator asks for them: v3 when a v3 header is present, else v2.

    private static SignatureHeaders v2(String signature) {
        return new SignatureHeaders(null, null, signature, "v2");
    }

    private static String v2Signed(String uri, String body) {
        return HubSpotSigner.v2(SECRET, METHOD, uri, body);
    }

    private SignatureRejectedException rejectedAny(String uri, String body, SignatureHeaders headers) {
        return assertThrows(
                SignatureRejectedException.class, () -> verifier.verify(METHOD, List.of(uri), body, headers));
    }

    @Test
    void aV2SignatureAloneIsAccepted() {
        assertDoesNotThrow(() -> verifier.verify(METHOD, List.of(URI), BODY, v2(v2Signed(URI, BODY))));
    }

    @Test
    void aV2SignatureMatchesAKnownVector() {
        // sha256sum of "s3cretPOSThttps://example.com/a{}", computed apart from both implementations.
        String vector = "04074224536485e5591e1d03ef24b55c9c298e9e6450bd84d27d486c5a27ea9b";
        assertEquals(vector, HubSpotSigner.v2("s3cret", "POST", "https://example.com/a", "{}"));
        assertDoesNotThrow(() -> new HubSpotSignatureVerifier("s3cret", Duration.ofMinutes(5), Clock.systemUTC())
                .verify("POST", List.of("https://example.com/a"), "{}", v2(vector)));
    }

    @Test
    void aV2SignatureInUpperCaseHexOrWithSurroundingWhitespaceIsAccepted() {
        assertDoesNotThrow(() -> verifier.verify(
                METHOD,
                List.of(URI),
                BODY,
                new SignatureHeaders(null, null, " " + v2Signed(URI, BODY).toUpperCase() + "\t", " V2 ")));
    }

    @Test
    void aV2SignatureOverAnEmptyBodyIsAccepted() {
        assertDoesNotThrow(
                () -> verifier.verify("GET", List.of(URI), null, v2(HubSpotSigner.v2(SECRET, "GET", URI, ""))));
    }

    @Test
    void aV2SignatureOverAUtf8BodyIsAccepted() {
        String body = "{\"inputFields\":{\"message\":\"Hola Nuñez, ¿qué tal? 😀 €\"}}";
        assertDoesNotThrow(() -> verifier.verify(METHOD, List.of(URI), body, v2(v2Signed(URI, body))));
    }

    @Test
    void aV2SignatureMadeWithAnotherSecretIsRejected() {
        assertEquals(
                "signature does not match",
                rejectedAny(URI, BODY, v2(HubSpotSigner.v2("another-secret", METHOD, URI, BODY)))
                        .getMessage());
    }

    @Test
    void aV2SignatureOverAnotherUriQueryOrMethodIsRejected() {
        assertEquals(
                "signature does not match",
                rejectedAny(URI.replace("x=1", "x=2"), BODY, v2(v2Signed(URI, BODY)))
                        .getMessage());
        assertEquals(
                "signature does not match",
                rejectedAny(URI.replace("?x=1", ""), BODY, v2(v2Signed(URI, BODY)))
                        .getMessage());
        assertThrows(
                SignatureRejectedException.class,
                () -> verifier.verify("GET", List.of(URI), BODY, v2(v2Signed(URI, BODY))));
    }

    @Test
    void aV2SignatureOverAChangedBodyIsRejected() {
        assertEquals(
                "signature does not match",
                rejectedAny(URI, BODY.replace("hi", "ho"), v2(v2Signed(URI, BODY)))
                        .getMessage());
    }

    @Test
    void aV2SignatureOverTheEncodedOrTheDecodedUriIsAccepted() {
        String received =
                "https://example.com/hubspot/actions/send-sms?redirect=https%3A%2F%2Fshop.example%2Fa%3Fb%40c";
        String decoded = "https://example.com/hubspot/actions/send-sms?redirect=https://shop.example/a?b@c";
        assertDoesNotThrow(() -> verifier.verify(METHOD, List.of(received), BODY, v2(v2Signed(received, BODY))));
        assertDoesNotThrow(() -> verifier.verify(METHOD, List.of(received), BODY, v2(v2Signed(decoded, BODY))));
        assertEquals(
                "signature does not match",
                rejectedAny(
                                received,
                                BODY,
                                v2(v2Signed(
                                        "https://example.com/hubspot/actions/send-sms?redirect=https://evil.example",
                                        BODY)))
                        .getMessage());
    }

    @Test
    void aV3SignatureIsCheckedWhenItsHeadersArePresent() {
        String v3 = HubSpotSigner.v3(SECRET, METHOD, URI, BODY, NOW);
        assertDoesNotThrow(() ->
                verifier.verify(METHOD, List.of(URI), BODY, new SignatureHeaders(v3, Long.toString(NOW), null, null)));
        long fiveMinutesAgo = NOW - FIVE_MINUTES;
        assertDoesNotThrow(() -> verifier.verify(
                METHOD,
                List.of(URI),
                BODY,
                new SignatureHeaders(
                        HubSpotSigner.v3(SECRET, METHOD, URI, BODY, fiveMinutesAgo),
                        Long.toString(fiveMinutesAgo),
                        null,
                        null)));
    }

    @Test
    void aBadV3SignatureIsRejectedEvenNextToAValidV2One() {
        String v3 = HubSpotSigner.v3("another-secret", METHOD, URI, BODY, NOW);
        assertEquals(
                "signature does not match",
                rejectedAny(URI, BODY, new SignatureHeaders(v3, Long.toString(NOW), v2Signed(URI, BODY), "v2"))
                        .getMessage());
    }

    @Test
    void aStaleV3SignatureIsRejectedEvenNextToAValidV2One() {
        long stale = NOW - FIVE_MINUTES - 1;
        String v3 = HubSpotSigner.v3(SECRET, METHOD, URI, BODY, stale);
        assertEquals(
                "request timestamp is outside the 5-minute window",
                rejectedAny(URI, BODY, new SignatureHeaders(v3, Long.toString(stale), v2Signed(URI, BODY), "v2"))
                        .getMessage());
    }

    @Test
    void aV3TimestampWithoutItsSignatureIsNotRescuedByAValidV2One() {
        assertEquals(
                "missing X-HubSpot-Signature-v3 header",
                rejectedAny(URI, BODY, new SignatureHeaders(null, Long.toString(NOW), v2Signed(URI, BODY), "v2"))
                        .getMessage());
    }

    @Test
    void aV1SignatureIsRejected() {
        String v1 = HubSpotSigner.v2(SECRET, "", "", BODY);
        assertEquals(
                "v1 signatures are not accepted, only v2 and v3",
                rejectedAny(URI, BODY, new SignatureHeaders(null, null, v1, "v1"))
                        .getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v3", "v4", "2", "sha256"})
    void anotherSignatureVersionIsRejected(String version) {
        assertEquals(
                "unsupported X-HubSpot-Signature-Version, only v2 and v3 are accepted",
                rejectedAny(URI, BODY, new SignatureHeaders(null, null, v2Signed(URI, BODY), version))
                        .getMessage());
    }

    @Test
    void aV2SignatureWithoutItsVersionIsRejected() {
        assertEquals(
                "missing X-HubSpot-Signature-Version header",
                rejectedAny(URI, BODY, new SignatureHeaders(null, null, v2Signed(URI, BODY), null))
                        .getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void aV2VersionWithoutItsSignatureIsRejected(String signature) {
        assertEquals(
                "missing X-HubSpot-Signature header",
                rejectedAny(URI, BODY, v2(signature)).getMessage());
    }

    @Test
    void anUnsignedRequestIsRejected() {
        assertEquals(
                "missing X-HubSpot-Signature-v3 or X-HubSpot-Signature header",
                rejectedAny(URI, BODY, new SignatureHeaders(null, " ", "", null))
                        .getMessage());
    }
}
