package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.nrsconnector.hubspot.HubSpotSignatureVerifier;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/** The workflow-action URL as HubSpot (or anyone else) calls it: signatures, validation, and nothing stored on refusal. */
@QuarkusTest
class WorkflowActionEndpointTest {

    private static final String PATH = "/hubspot/actions/send-sms";
    private static final String SECRET = "sandbox-client-secret";

    @Inject
    Db db;

    private static String url() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("connector.public-base-url", String.class) + PATH;
    }

    private static String payload(String callbackId, String portal, String inputs) {
        return "{\"callbackId\":\"" + callbackId + "\",\"origin\":{\"portalId\":" + portal + ",\"actionDefinitionId\":1},"
                + "\"context\":{\"source\":\"WORKFLOWS\",\"workflowId\":7},"
                + "\"object\":{\"objectId\":1001,\"objectType\":\"CONTACT\",\"properties\":{\"mobilephone\":\"+34612345678\"}},"
                + "\"inputFields\":" + inputs + "}";
    }

    private static ValidatableResponse post(String body, long timestamp, String secret) {
        String ts = Long.toString(timestamp);
        return given().contentType("application/json").body(body)
                .header(HubSpotSignatureVerifier.TIMESTAMP_HEADER, ts)
                .header(HubSpotSignatureVerifier.SIGNATURE_HEADER,
                        HubSpotSignatureVerifier.sign(secret, "POST", url(), body, ts))
                .post(PATH).then();
    }

    private int storedRequests(String callbackId) {
        return db.queryOne("SELECT COUNT(*) FROM action_request WHERE callback_id = ?", r -> r.getInt(1), callbackId)
                .orElse(0);
    }

    @Test
    void signedValidCallIsStoredAndAnsweredWithBlock() {
        String callbackId = "ok-" + UUID.randomUUID();
        post(payload(callbackId, "62515", "{\"sender\":\"ACME\",\"message\":\"hi\"}"), System.currentTimeMillis(), SECRET)
                .statusCode(200).body("outputFields.hs_execution_state", equalTo("BLOCK"));
        assertEquals(1, storedRequests(callbackId));
    }

    @Test
    void wrongSecretIs401AndStoresNothing() {
        String callbackId = "badsig-" + UUID.randomUUID();
        post(payload(callbackId, "62515", "{\"sender\":\"ACME\",\"message\":\"hi\"}"), System.currentTimeMillis(), "other")
                .statusCode(401).body("message", containsString("signature"));
        assertEquals(0, storedRequests(callbackId));
    }

    @Test
    void missingSignatureIs401() {
        given().contentType("application/json").body(payload("nosig", "62515", "{}")).post(PATH).then()
                .statusCode(401).body("message", containsString("X-HubSpot-Signature-v3"));
    }

    @Test
    void tamperedBodyIs401() {
        String body = payload("tamper-" + UUID.randomUUID(), "62515", "{\"sender\":\"ACME\",\"message\":\"hi\"}");
        String ts = Long.toString(System.currentTimeMillis());
        given().contentType("application/json").body(body.replace("hi", "ho"))
                .header(HubSpotSignatureVerifier.TIMESTAMP_HEADER, ts)
                .header(HubSpotSignatureVerifier.SIGNATURE_HEADER, HubSpotSignatureVerifier.sign(SECRET, "POST", url(), body, ts))
                .post(PATH).then().statusCode(401);
    }

    @Test
    void staleTimestampIs401AndStoresNothing() {
        String callbackId = "stale-" + UUID.randomUUID();
        post(payload(callbackId, "62515", "{\"sender\":\"ACME\",\"message\":\"hi\"}"),
                System.currentTimeMillis() - 6 * 60_000, SECRET)
                .statusCode(401).body("message", containsString("window"));
        assertEquals(0, storedRequests(callbackId));
    }

    @Test
    void malformedJsonIs400() {
        post("{not json", System.currentTimeMillis(), SECRET).statusCode(400)
                .body("field", equalTo("body")).body("message", containsString("not valid JSON"));
    }

    @Test
    void missingMessageIs400NamingTheField() {
        String callbackId = "nomsg-" + UUID.randomUUID();
        post(payload(callbackId, "62515", "{\"sender\":\"ACME\"}"), System.currentTimeMillis(), SECRET)
                .statusCode(400).body("field", equalTo("inputFields.message"));
        assertEquals(0, storedRequests(callbackId));
    }

    @Test
    void badSenderIs400NamingTheField() {
        post(payload("sender-" + UUID.randomUUID(), "62515", "{\"sender\":\"ACME-COMPANY-LTD\",\"message\":\"hi\"}"),
                System.currentTimeMillis(), SECRET).statusCode(400).body("field", equalTo("inputFields.sender"));
    }

    @Test
    void unknownCountryIs400NamingTheField() {
        post(payload("country-" + UUID.randomUUID(), "62515", "{\"sender\":\"ACME\",\"message\":\"hi\",\"country\":\"XX\"}"),
                System.currentTimeMillis(), SECRET).statusCode(400).body("field", equalTo("inputFields.country"));
    }

    @Test
    void missingCallbackIdIs400() {
        String body = payload("x", "62515", "{\"sender\":\"ACME\",\"message\":\"hi\"}").replace("\"callbackId\":\"x\",", "");
        post(body, System.currentTimeMillis(), SECRET).statusCode(400).body("field", equalTo("callbackId"));
    }

    @Test
    void unknownPortalIs404() {
        String callbackId = "portal-" + UUID.randomUUID();
        post(payload(callbackId, "999999", "{\"sender\":\"ACME\",\"message\":\"hi\"}"), System.currentTimeMillis(), SECRET)
                .statusCode(404).body("message", containsString("999999"));
        assertEquals(0, storedRequests(callbackId));
    }

    @Test
    void getIsNotAllowed() {
        given().get(PATH).then().statusCode(405);
    }
}
