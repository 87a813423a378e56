package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.nrsconnector.hubspot.HubSpotSignatureVerifier;
import com.nrsconnector.store.Db;
import com.nrsconnector.support.HubSpotSigner;
import com.nrsconnector.support.SignedWorkflowCall;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * HubSpot may sign custom workflow actions and legacy card requests with v2 only (no timestamp): each HubSpot-facing
 * endpoint accepts that, refuses a v2 signature that does not cover its secret, URL and body, refuses v1, and a replayed
 * v2 action call answers the first answer and sends nothing more.
 */
@QuarkusTest
class V2SignedRequestTest {

    private static final String SEND_SMS = "/hubspot/actions/send-sms";
    private static final String LIFECYCLE = "/hubspot/webhooks/app-lifecycle";
    private static final String SECRET = SignedWorkflowCall.SANDBOX_SECRET;

    @Inject
    Db db;

    private static RequestSpecification v2(String secret, String method, String signedUri, String body) {
        return given().urlEncodingEnabled(false)
                .header(HubSpotSignatureVerifier.V2_SIGNATURE_HEADER, HubSpotSigner.v2(secret, method, signedUri, body))
                .header(HubSpotSignatureVerifier.VERSION_HEADER, "v2");
    }

    private static ValidatableResponse postV2(
            String path, String body, String secret, String signedUri, String signedBody) {
        return v2(secret, "POST", signedUri, signedBody)
                .contentType("application/json")
                .body(body)
                .post(path)
                .then();
    }

    private static ValidatableResponse postV2(String path, String body) {
        return postV2(path, body, SECRET, CardCalls.publicBaseUrl() + path, body);
    }

    private static String sendSmsBody(String callbackId, String contactId, String message) {
        return "{\"callbackId\":\"" + callbackId + "\",\"origin\":{\"portalId\":" + CardCalls.DEMO_PORTAL
                + ",\"actionDefinitionId\":1},\"context\":{\"source\":\"WORKFLOWS\",\"workflowId\":7},"
                + "\"object\":{\"objectId\":" + contactId + ",\"objectType\":\"CONTACT\","
                + "\"properties\":{\"mobilephone\":\"+34 612 000 931\",\"firstname\":\"Ana\"}},"
                + "\"inputFields\":{\"sender\":\"ACME\",\"message\":\"" + message + "\"}}";
    }

    private long stored(String table, String callbackId) {
        return db.queryOne("SELECT COUNT(*) FROM " + table + " WHERE callback_id = ?", r -> r.getLong(1), callbackId)
                .orElseThrow();
    }

    @Test
    void aWorkflowCallSignedOnlyWithV2IsAcceptedAndItsReplaySendsNothingMore() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 931"));
        String marker = Sandbox.marker();
        String callbackId = "v2-" + UUID.randomUUID();
        String body = sendSmsBody(callbackId, contact, "Hola Ñandú € " + marker);

        String first = postV2(SEND_SMS, body)
                .statusCode(200)
                .body("outputFields.hs_execution_state", equalTo("BLOCK"))
                .extract()
                .asString();
        assertThat(Sandbox.awaitEventTypes(contact, types -> types.contains("SMS_SENT")), hasItem("SMS_SENT"));
        String replay = postV2(SEND_SMS, body).statusCode(200).extract().asString();

        assertEquals(first, replay, "a replay answers the stored first answer");
        assertEquals(1, stored("action_request", callbackId));
        assertEquals(1, stored("message", callbackId));
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(1));
    }

    @Test
    void aV2WorkflowCallWithAnotherSecretUriOrBodyIs401AndStoresNothing() {
        String callbackId = "v2-bad-" + UUID.randomUUID();
        String body = SignedWorkflowCall.callBody(callbackId, "62515", "{\"sender\":\"ACME\",\"message\":\"hi\"}");
        String url = CardCalls.publicBaseUrl() + SEND_SMS;
        for (ValidatableResponse refused : new ValidatableResponse[] {
            postV2(SEND_SMS, body, "another-secret", url, body),
            postV2(SEND_SMS, body, SECRET, CardCalls.publicBaseUrl() + "/hubspot/actions/send-voice", body),
            postV2(SEND_SMS, body, SECRET, "https://evil.example" + SEND_SMS, body),
            postV2(SEND_SMS, body.replace("hi", "ho"), SECRET, url, body)
        }) {
            refused.statusCode(401)
                    .body("status", equalTo("error"))
                    .body("message", equalTo("HubSpot signature check failed: signature does not match"));
        }
        assertEquals(0, stored("action_request", callbackId));
    }

    @Test
    void aBadV3SignatureIsRefusedEvenWithAValidV2One() {
        String callbackId = "v2-downgrade-" + UUID.randomUUID();
        String body = SignedWorkflowCall.callBody(callbackId, "62515", "{\"sender\":\"ACME\",\"message\":\"hi\"}");
        String url = CardCalls.publicBaseUrl() + SEND_SMS;
        long now = System.currentTimeMillis();
        v2(SECRET, "POST", url, body)
                .contentType("application/json")
                .body(body)
                .header(HubSpotSignatureVerifier.TIMESTAMP_HEADER, Long.toString(now))
                .header(
                        HubSpotSignatureVerifier.SIGNATURE_HEADER,
                        HubSpotSigner.v3("another-secret", "POST", url, body, now))
                .post(SEND_SMS)
                .then()
                .statusCode(401)
                .body("message", equalTo("HubSpot signature check failed: signature does not match"));
        assertEquals(0, stored("action_request", callbackId));
    }

    @Test
    void aV1SignedWorkflowCallIs401() {
        String callbackId = "v1-" + UUID.randomUUID();
        String body = SignedWorkflowCall.callBody(callbackId, "62515", "{\"sender\":\"ACME\",\"message\":\"hi\"}");
        given().contentType("application/json")
                .body(body)
                .header(HubSpotSignatureVerifier.V2_SIGNATURE_HEADER, HubSpotSigner.v2(SECRET, "", "", body))
                .header(HubSpotSignatureVerifier.VERSION_HEADER, "v1")
                .post(SEND_SMS)
                .then()
                .statusCode(401)
                .body("status", equalTo("error"))
                .body(
                        "message",
                        equalTo("HubSpot signature check failed: v1 signatures are not accepted, only v2 and v3"));
        assertEquals(0, stored("action_request", callbackId));
    }

    @Test
    void theCardSignedWithV2AnswersAndAV2CardCallWithAnotherSecretOrQueryIs401() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 932"));
        String query = "portalId=" + CardCalls.DEMO_PORTAL + "&contactId=" + contact;
        String signedUri = CardCalls.publicBaseUrl() + CardCalls.CARD + "?" + query;
        v2(SECRET, "GET", signedUri, "")
                .get(CardCalls.CARD + "?" + query)
                .then()
                .statusCode(200);
        v2("another-secret", "GET", signedUri, "")
                .get(CardCalls.CARD + "?" + query)
                .then()
                .statusCode(401)
                .body("status", equalTo("error"));
        v2(SECRET, "GET", signedUri, "")
                .get(CardCalls.CARD + "?portalId=" + CardCalls.DEMO_PORTAL + "&contactId=1")
                .then()
                .statusCode(401)
                .body("message", equalTo("HubSpot signature check failed: signature does not match"));
    }

    @Test
    void theLifecycleWebhookSignedWithV2IsHandledAndAV2CallWithAChangedBodyIs401() {
        String body = "[{\"subscriptionType\":\"contact.creation\",\"objectId\":1}]";
        postV2(LIFECYCLE, body).statusCode(200).body("status", equalTo("ok")).body("events", equalTo(1));
        postV2(LIFECYCLE, body).statusCode(200).body("status", equalTo("ok"));
        postV2(LIFECYCLE, "[]", SECRET, CardCalls.publicBaseUrl() + LIFECYCLE, body)
                .statusCode(401)
                .body("status", equalTo("error"));
        postV2(LIFECYCLE, body, "another-secret", CardCalls.publicBaseUrl() + LIFECYCLE, body)
                .statusCode(401);
    }
}
