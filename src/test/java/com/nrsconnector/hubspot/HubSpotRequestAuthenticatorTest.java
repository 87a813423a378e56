package com.nrsconnector.hubspot;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.support.HubSpotSigner;
import com.nrsconnector.support.TestConnectorConfig;

class HubSpotRequestAuthenticatorTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final String SECRET = "8c0e1b7a-2222-4d3f-8e6a-5b4c3d2e1f00";
    private static final String PUBLIC = "https://connector.example.com";
    private static final String PATH = "/hubspot/actions/send-sms";
    private static final String BODY = "{\"callbackId\":\"ap-1\"}";

    private static CamelContext camel;

    private final HubSpotRequestAuthenticator authenticator = new HubSpotRequestAuthenticator(
            TestConnectorConfig.production(
                    Map.of("connector.public-base-url", PUBLIC + "/", "connector.hubspot.client-secret", SECRET)),
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    @BeforeAll
    static void startCamel() {
        camel = new DefaultCamelContext();
    }

    @AfterAll
    static void stopCamel() throws Exception {
        camel.close();
    }

    /** A request as platform-http hands it over: path, raw query, Host header, signed over signedUri. */
    private static Exchange request(String uri, String rawQuery, String signedUri, Map<String, String> headers) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(BODY);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getMessage().setHeader(Exchange.HTTP_URI, uri);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, PATH);
        if (rawQuery != null) {
            exchange.getMessage().setHeader(Exchange.HTTP_RAW_QUERY, rawQuery);
        }
        exchange.getMessage().setHeader("Host", "connector.example.com");
        headers.forEach(exchange.getMessage()::setHeader);
        exchange.getMessage().setHeader(HubSpotSignatureVerifier.TIMESTAMP_HEADER, Long.toString(NOW));
        exchange.getMessage()
                .setHeader(
                        HubSpotSignatureVerifier.SIGNATURE_HEADER,
                        HubSpotSignatureVerifier.sign(SECRET, "POST", signedUri, BODY, Long.toString(NOW)));
        return exchange;
    }

    private void rejected(Exchange exchange) {
        RequestRejectedException e = assertThrows(RequestRejectedException.class, () -> authenticator.verify(exchange));
        assertEquals(401, e.status());
        assertEquals("HubSpot signature check failed: signature does not match", e.getMessage());
    }

    @Test
    void signedOverTheConfiguredPublicUrlIsAccepted() {
        Exchange exchange = request(PATH, null, PUBLIC + PATH, Map.of());
        assertDoesNotThrow(() -> authenticator.verify(exchange));
        assertEquals(BODY, exchange.getMessage().getBody(String.class));
    }

    @Test
    void theQueryIsPartOfTheSignedUri() {
        assertDoesNotThrow(() ->
                authenticator.verify(request(PATH + "?a=1&b=2", "a=1&b=2", PUBLIC + PATH + "?a=1&b=2", Map.of())));
        rejected(request(PATH + "?a=1&b=2", "a=1&b=2", PUBLIC + PATH + "?a=1", Map.of()));
    }

    @Test
    void anEncodedQuerySignedRawOrDecodedIsAccepted() {
        String raw = "next=https%3A%2F%2Fshop.example%2Fa";
        assertDoesNotThrow(
                () -> authenticator.verify(request(PATH + "?" + raw, raw, PUBLIC + PATH + "?" + raw, Map.of())));
        assertDoesNotThrow(() -> authenticator.verify(
                request(PATH + "?" + raw, raw, PUBLIC + PATH + "?next=https://shop.example/a", Map.of())));
    }

    @Test
    void signedOverTheHostHeaderIsRejected() {
        rejected(request(PATH, null, "http://evil.example" + PATH, Map.of("Host", "evil.example")));
        rejected(request(PATH, null, "https://evil.example" + PATH, Map.of("Host", "evil.example")));
    }

    @Test
    void signedOverTheForwardedHostIsRejected() {
        rejected(request(
                PATH,
                null,
                "https://evil.example" + PATH,
                Map.of("X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https")));
        rejected(request(PATH, null, "http://evil.example" + PATH, Map.of("X-Forwarded-Host", "evil.example")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://connector.example.com",
                "https://connector.example.com:443",
                "https://connector.example.com/",
                "https://CONNECTOR.example.com"
            })
    void signedOverAnotherSchemePortOrSpellingOfThePublicUrlIsRejected(String base) {
        rejected(request(PATH, null, base + PATH, Map.of("X-Forwarded-Proto", base.substring(0, base.indexOf(':')))));
    }

    @Test
    void anAbsoluteFormRequestTargetCannotNameItsOwnHost() {
        String target = "http://evil.example" + PATH;
        rejected(request(target, null, target, Map.of("Host", "evil.example")));
        assertDoesNotThrow(() -> authenticator.verify(request(target, null, PUBLIC + PATH, Map.of())));
    }

    /** The same request signed only with v2 over signedUri and signedBody, with the given secret. */
    private static Exchange v2Request(String uri, String rawQuery, String secret, String signedUri, String signedBody) {
        Exchange exchange = request(uri, rawQuery, signedUri, Map.of());
        exchange.getMessage().removeHeader(HubSpotSignatureVerifier.TIMESTAMP_HEADER);
        exchange.getMessage().removeHeader(HubSpotSignatureVerifier.SIGNATURE_HEADER);
        exchange.getMessage()
                .setHeader(
                        HubSpotSignatureVerifier.V2_SIGNATURE_HEADER,
                        HubSpotSigner.v2(secret, "POST", signedUri, signedBody));
        exchange.getMessage().setHeader(HubSpotSignatureVerifier.VERSION_HEADER, "v2");
        return exchange;
    }

    private void rejectedBecause(String reason, Exchange exchange) {
        RequestRejectedException e = assertThrows(RequestRejectedException.class, () -> authenticator.verify(exchange));
        assertEquals(401, e.status());
        assertEquals("HubSpot signature check failed: " + reason, e.getMessage());
    }

    @Test
    void aV2SignatureOverTheConfiguredPublicUrlIsAccepted() {
        Exchange exchange = v2Request(PATH, null, SECRET, PUBLIC + PATH, BODY);
        assertDoesNotThrow(() -> authenticator.verify(exchange));
        assertEquals(BODY, exchange.getMessage().getBody(String.class));
    }

    @Test
    void aV2SignatureCoversTheQueryEncodedOrDecoded() {
        String raw = "next=https%3A%2F%2Fshop.example%2Fa&b=2";
        assertDoesNotThrow(
                () -> authenticator.verify(v2Request(PATH + "?" + raw, raw, SECRET, PUBLIC + PATH + "?" + raw, BODY)));
        assertDoesNotThrow(() -> authenticator.verify(
                v2Request(PATH + "?" + raw, raw, SECRET, PUBLIC + PATH + "?next=https://shop.example/a&b=2", BODY)));
        rejected(v2Request(PATH + "?" + raw, raw, SECRET, PUBLIC + PATH + "?b=2", BODY));
    }

    @Test
    void aV2SignatureWithAnotherSecretUriOrBodyIsRejected() {
        rejected(v2Request(PATH, null, "another-secret", PUBLIC + PATH, BODY));
        rejected(v2Request(PATH, null, SECRET, PUBLIC + "/hubspot/actions/send-voice", BODY));
        rejected(v2Request(PATH, null, SECRET, "https://evil.example" + PATH, BODY));
        rejected(v2Request(PATH, null, SECRET, PUBLIC + PATH, BODY.replace("ap-1", "ap-2")));
    }

    @Test
    void aBadV3SignatureIsRejectedEvenWithAValidV2One() {
        Exchange exchange = v2Request(PATH, null, SECRET, PUBLIC + PATH, BODY);
        exchange.getMessage().setHeader(HubSpotSignatureVerifier.TIMESTAMP_HEADER, Long.toString(NOW));
        exchange.getMessage()
                .setHeader(
                        HubSpotSignatureVerifier.SIGNATURE_HEADER,
                        HubSpotSigner.v3(SECRET, "POST", "https://evil.example" + PATH, BODY, NOW));
        rejected(exchange);
    }

    @Test
    void aV1SignatureIsRejected() {
        Exchange exchange = v2Request(PATH, null, SECRET, PUBLIC + PATH, BODY);
        exchange.getMessage()
                .setHeader(HubSpotSignatureVerifier.V2_SIGNATURE_HEADER, HubSpotSigner.v2(SECRET, "", "", BODY));
        exchange.getMessage().setHeader(HubSpotSignatureVerifier.VERSION_HEADER, "v1");
        rejectedBecause("v1 signatures are not accepted, only v2 and v3", exchange);
    }

    @Test
    void anUnsignedRequestIsRejected() {
        Exchange exchange = request(PATH, null, PUBLIC + PATH, Map.of());
        exchange.getMessage().removeHeader(HubSpotSignatureVerifier.TIMESTAMP_HEADER);
        exchange.getMessage().removeHeader(HubSpotSignatureVerifier.SIGNATURE_HEADER);
        rejectedBecause("missing X-HubSpot-Signature-v3 or X-HubSpot-Signature header", exchange);
    }
}
