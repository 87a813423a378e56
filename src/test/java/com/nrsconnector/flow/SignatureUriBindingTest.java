package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.nrsconnector.hubspot.HubSpotSignatureVerifier;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/** The signed URI is the configured public URL and the request path: what the caller says its host is counts for nothing. */
@QuarkusTest
class SignatureUriBindingTest {

    private static final String PATH = "/hubspot/actions/send-sms";
    private static final String SECRET = "sandbox-client-secret";

    @Inject
    Db db;

    private static String payload(String callbackId) {
        return "{\"callbackId\":\"" + callbackId + "\",\"origin\":{\"portalId\":62515,\"actionDefinitionId\":1},"
                + "\"context\":{\"source\":\"WORKFLOWS\",\"workflowId\":7},"
                + "\"object\":{\"objectId\":1001,\"objectType\":\"CONTACT\",\"properties\":{\"mobilephone\":\"+34612345678\"}},"
                + "\"inputFields\":{\"sender\":\"ACME\",\"message\":\"hi\"}}";
    }

    private static ValidatableResponse post(String body, String signedUri, Map<String, String> headers) {
        String ts = Long.toString(System.currentTimeMillis());
        return given().contentType("application/json").body(body).headers(headers)
                .header(HubSpotSignatureVerifier.TIMESTAMP_HEADER, ts)
                .header(HubSpotSignatureVerifier.SIGNATURE_HEADER,
                        HubSpotSignatureVerifier.sign(SECRET, "POST", signedUri, body, ts))
                .post(PATH).then();
    }

    private int storedRequests(String callbackId) {
        return db.queryOne("SELECT COUNT(*) FROM action_request WHERE callback_id = ?", r -> r.getInt(1), callbackId)
                .orElse(0);
    }

    @Test
    void signedOverTheConfiguredPublicUrlIsStored() {
        String publicUrl = ConfigProvider.getConfig().getValue("connector.public-base-url", String.class);
        String callbackId = "bound-" + UUID.randomUUID();
        post(payload(callbackId), publicUrl + PATH, Map.of()).statusCode(200);
        assertEquals(1, storedRequests(callbackId));
    }

    @Test
    void signedOverTheHostHeaderIs401AndStoresNothing() {
        String callbackId = "evil-host-" + UUID.randomUUID();
        post(payload(callbackId), "http://evil.example" + PATH, Map.of("Host", "evil.example"))
                .statusCode(401).body("status", equalTo("error"))
                .body("message", equalTo("HubSpot signature check failed: signature does not match"));
        assertEquals(0, storedRequests(callbackId));
    }

    @Test
    void signedOverTheForwardedHostIs401AndStoresNothing() {
        String callbackId = "evil-forwarded-" + UUID.randomUUID();
        post(payload(callbackId), "https://evil.example" + PATH,
                Map.of("X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https"))
                .statusCode(401).body("status", equalTo("error"));
        assertEquals(0, storedRequests(callbackId));
    }
}
