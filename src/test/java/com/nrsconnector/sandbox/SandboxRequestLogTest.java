package com.nrsconnector.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.nrsconnector.sandbox.SandboxRequestLog.LoggedRequest;

class SandboxRequestLogTest {

    private final SandboxRequestLog log = new SandboxRequestLog("/sandbox/360nrs");

    private LoggedRequest only() {
        assertEquals(1, log.all().size());
        return log.all().get(0);
    }

    @Test
    void basicCredentialsOfA360nrsSendAreMaskedKeepingTheScheme() {
        String basic =
                "Basic " + Base64.getEncoder().encodeToString("sandbox:sandbox".getBytes(StandardCharsets.UTF_8));
        String body = "{\"to\":[\"34612345678\"],\"from\":\"ACME\",\"message\":\"Hola\"}";
        log.add(
                "POST",
                "/api/rest/sms",
                null,
                Map.of("authorization", basic, "Content-Type", "application/json"),
                body);

        LoggedRequest request = only();
        assertEquals("Basic ***", request.headers().get("Authorization"));
        assertEquals("application/json", request.headers().get("content-type"));
        assertEquals(body, request.body());
    }

    @Test
    void bearerTokensAreMaskedKeepingTheScheme() {
        log.add(
                "POST",
                "/crm/v3/objects/contacts/batch/read",
                null,
                Map.of("Authorization", "Bearer sandbox-access-62515-0b8f6c1e"),
                "{\"inputs\":[]}");
        assertEquals("Bearer ***", only().headers().get("Authorization"));
    }

    @Test
    void oauthSecretsOfAFormBodyAreMasked() {
        log.add(
                "POST",
                "/oauth/v3/token",
                null,
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "grant_type=refresh_token&client_id=sandbox-client-id&client_secret=sandbox-client-secret"
                        + "&refresh_token=sandbox-refresh-token");
        assertEquals(
                "grant_type=refresh_token&client_id=sandbox-client-id&client_secret=***&refresh_token=***",
                only().body());
    }

    @Test
    void anAuthorizationCodeIsMasked() {
        log.add(
                "POST",
                "/oauth/v3/token",
                null,
                Map.of("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"),
                "grant_type=authorization_code&code=sandbox-code-62515&client_secret=s");
        String body = only().body();
        assertEquals("grant_type=authorization_code&code=***&client_secret=***", body);
        assertFalse(body.contains("sandbox-code-62515"));
    }

    @Test
    void aJsonBodyIsKeptAsSent() {
        String body = "{\"inputs\":[{\"callbackId\":\"ap-1\",\"outputFields\":{\"code\":\"x\"}}]}";
        log.add(
                "POST",
                "/automation/v4/actions/callbacks/complete",
                null,
                Map.of("Content-Type", "application/json"),
                body);
        assertEquals(body, only().body());
    }
}
