package com.nrsconnector.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {

    private static final String BASIC =
            "Basic " + Base64.getEncoder().encodeToString("acme:s3cr3t-Pa55".getBytes(StandardCharsets.UTF_8));
    private static final String BEARER = "Bearer sandbox-access-62515-0b8f6c1e-9d7a-4c39-8d2e-5f1a2b3c4d5e";

    @Test
    void authorizationKeepsTheSchemeOnly() {
        assertEquals("Basic ***", Redaction.authorization(BASIC));
        assertEquals("Bearer ***", Redaction.authorization(BEARER));
        assertEquals("***", Redaction.authorization("just-a-key"));
        assertNull(Redaction.authorization(null));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Authorization",
                "authorization",
                "Proxy-Authorization",
                "Cookie",
                "Set-Cookie",
                "nrsAuthorization",
                "X-Api-Key",
                "client_secret",
                "refreshToken",
                "nrsApiPassword"
            })
    void credentialHeadersAreRecognised(String name) {
        assertTrue(Redaction.isCredentialHeader(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Type", "X-HubSpot-Request-Timestamp", "CamelHttpPath", "messageId", "Host"})
    void otherHeadersAreNot(String name) {
        assertFalse(Redaction.isCredentialHeader(name));
    }

    @Test
    void basicAndBearerCredentialsInTextAreMasked() {
        String text = "call failed; request headers {Authorization=" + BASIC + "} and " + BEARER + " (refused)";
        assertEquals(
                "call failed; request headers {Authorization=Basic ***} and Bearer *** (refused)",
                Redaction.text(text));
    }

    @Test
    void proseThatMerelyMentionsBasicOrBearerStaysAsItIs() {
        String message = "Hola Ana, Basic plan renewed. Bearer of this SMS gets 10% off: https://x.example/a";
        assertEquals(message, Redaction.text(message));
    }

    @Test
    void passwordSecretAndTokenValuesAreMaskedInRecordsFormsAndJson() {
        assertEquals(
                "Portal[nrsUsername=acme, nrsApiPassword=***, timeZone=UTC]",
                Redaction.text("Portal[nrsUsername=acme, nrsApiPassword=s3cr3t, timeZone=UTC]"));
        assertEquals(
                "grant_type=refresh_token&client_secret=***&refresh_token=***",
                Redaction.text("grant_type=refresh_token&client_secret=abc&refresh_token=def"));
        assertEquals(
                "{\"username\":\"acme\",\"apiPassword\": \"***\",\"access_token\":\"***\",\"n\":1}",
                Redaction.text("{\"username\":\"acme\",\"apiPassword\": \"p\\\"w\",\"access_token\":\"t\",\"n\":1}"));
    }

    @Test
    void alreadyMaskedValuesStayMasked() {
        assertEquals("nrsApiPassword=***", Redaction.text("nrsApiPassword=***"));
    }

    @Test
    void formMasksOnlyTheNamedFields() {
        assertEquals(
                "grant_type=authorization_code&client_id=app&client_secret=***&code=***&redirect_uri=x",
                Redaction.form(
                        "grant_type=authorization_code&client_id=app&client_secret=abc&code=sandbox-code-1"
                                + "&redirect_uri=x",
                        Set.of("client_secret", "code")));
        assertEquals("client%5Fsecret=***&flag", Redaction.form("client%5Fsecret=abc&flag", Set.of("client_secret")));
        assertEquals("", Redaction.form("", Set.of("code")));
        assertNull(Redaction.form(null, Set.of("code")));
    }
}
