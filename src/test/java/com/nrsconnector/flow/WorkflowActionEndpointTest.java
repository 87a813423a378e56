package com.nrsconnector.flow;

import static com.nrsconnector.support.SignedWorkflowCall.callBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nrsconnector.hubspot.HubSpotSignatureVerifier;
import com.nrsconnector.store.Db;
import com.nrsconnector.support.SignedWorkflowCall;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** The workflow-action URL as HubSpot (or anyone else) calls it: signatures, validation, and nothing stored on refusal. */
@QuarkusTest
class WorkflowActionEndpointTest {

    private static final String PATH = "/hubspot/actions/send-sms";
    private static final String SECRET = SignedWorkflowCall.SANDBOX_SECRET;

    @Inject
    Db db;

    private static String url() {
        return ConfigProvider.getConfig().getValue("connector.public-base-url", String.class) + PATH;
    }

    private static ValidatableResponse post(String body, long timestamp, String secret) {
        return post(body, timestamp, secret, url(), Map.of());
    }

    /** Signed over {@code signedUri}, with extra request headers (Host, X-Forwarded-*). */
    private static ValidatableResponse post(
            String body, long timestamp, String secret, String signedUri, Map<String, String> headers) {
        String ts = Long.toString(timestamp);
        return given().contentType("application/json")
                .body(body)
                .headers(headers)
                .header(HubSpotSignatureVerifier.TIMESTAMP_HEADER, ts)
                .header(
                        HubSpotSignatureVerifier.SIGNATURE_HEADER,
                        HubSpotSignatureVerifier.sign(secret, "POST", signedUri, body, ts))
                .post(PATH)
                .then();
    }

    private int storedRequests(String callbackId) {
        return db.queryOne("SELECT COUNT(*) FROM action_request WHERE callback_id = ?", r -> r.getInt(1), callbackId)
                .orElse(0);
    }

    @Test
    void signedValidCallIsStoredAndAnsweredWithBlock() {
        String callbackId = "ok-" + UUID.randomUUID();
        post(
                        callBody(callbackId, "62515", "{\"sender\":\"ACME\",\"message\":\"hi\"}"),
                        System.currentTimeMillis(),
                        SECRET)
                .statusCode(200)
                .body("outputFields.hs_execution_state", equalTo("BLOCK"));
        assertEquals(1, storedRequests(callbackId));
    }

    // The signed URI is the configured public URL and the request path: what the caller says its host is counts
    // for nothing.

    @Test
    void signedOverTheHostHeaderIs401AndStoresNothing() {
        String callbackId = "evil-host-" + UUID.randomUUID();
        post(
                        callBody(callbackId, "62515", "{\"sender\":\"ACME\",\"message\":\"hi\"}"),
                        System.currentTimeMillis(),
                        SECRET,
                        "http://evil.example" + PATH,
                        Map.of("Host", "evil.example"))
                .statusCode(401)
                .body("status", equalTo("error"))
                .body("message", equalTo("HubSpot signature check failed: signature does not match"));
        assertEquals(0, storedRequests(callbackId));
    }

    @Test
    void signedOverTheForwardedHostIs401AndStoresNothing() {
        String callbackId = "evil-forwarded-" + UUID.randomUUID();
        post(
                        callBody(callbackId, "62515", "{\"sender\":\"ACME\",\"message\":\"hi\"}"),
                        System.currentTimeMillis(),
                        SECRET,
                        "https://evil.example" + PATH,
                        Map.of("X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https"))
                .statusCode(401)
                .body("status", equalTo("error"));
        assertEquals(0, storedRequests(callbackId));
    }

    @Test
    void wrongSecretIs401AndStoresNothing() {
        String callbackId = "badsig-" + UUID.randomUUID();
        post(
                        callBody(callbackId, "62515", "{\"sender\":\"ACME\",\"message\":\"hi\"}"),
                        System.currentTimeMillis(),
                        "other")
                .statusCode(401)
                .body("message", containsString("signature"));
        assertEquals(0, storedRequests(callbackId));
    }

    @Test
    void missingSignatureIs401() {
        given().contentType("application/json")
                .body(callBody("nosig", "62515", "{}"))
                .post(PATH)
                .then()
                .statusCode(401)
                .body("message", containsString("X-HubSpot-Signature-v3"));
    }

    @Test
    void tamperedBodyIs401() {
        String body = callBody("tamper-" + UUID.randomUUID(), "62515", "{\"sender\":\"ACME\",\"message\":\"hi\"}");
        String ts = Long.toString(System.currentTimeMillis());
        given().contentType("application/json")
                .body(body.replace("hi", "ho"))
                .header(HubSpotSignatureVerifier.TIMESTAMP_HEADER, ts)
                .header(
                        HubSpotSignatureVerifier.SIGNATURE_HEADER,
                        HubSpotSignatureVerifier.sign(SECRET, "POST", url(), body, ts))
                .post(PATH)
                .then()
                .statusCode(401);
    }

    @Test
    void staleTimestampIs401AndStoresNothing() {
        String callbackId = "stale-" + UUID.randomUUID();
        post(
                        callBody(callbackId, "62515", "{\"sender\":\"ACME\",\"message\":\"hi\"}"),
                        System.currentTimeMillis() - 6 * 60_000,
                        SECRET)
                .statusCode(401)
                .body("message", containsString("window"));
        assertEquals(0, storedRequests(callbackId));
    }

    @Test
    void malformedJsonIs400() {
        post("{not json", System.currentTimeMillis(), SECRET)
                .statusCode(400)
                .body("field", equalTo("body"))
                .body("message", containsString("not valid JSON"));
    }

    @Test
    void missingMessageIs400NamingTheField() {
        String callbackId = "nomsg-" + UUID.randomUUID();
        post(callBody(callbackId, "62515", "{\"sender\":\"ACME\"}"), System.currentTimeMillis(), SECRET)
                .statusCode(400)
                .body("field", equalTo("inputFields.message"));
        assertEquals(0, storedRequests(callbackId));
    }

    @Test
    void badSenderIs400NamingTheField() {
        post(
                        callBody(
                                "sender-" + UUID.randomUUID(),
                                "62515",
                                "{\"sender\":\"ACME-COMPANY-LTD\",\"message\":\"hi\"}"),
                        System.currentTimeMillis(),
                        SECRET)
                .statusCode(400)
                .body("field", equalTo("inputFields.sender"));
    }

    @Test
    void unknownCountryIs400NamingTheField() {
        post(
                        callBody(
                                "country-" + UUID.randomUUID(),
                                "62515",
                                "{\"sender\":\"ACME\",\"message\":\"hi\",\"country\":\"XX\"}"),
                        System.currentTimeMillis(),
                        SECRET)
                .statusCode(400)
                .body("field", equalTo("inputFields.country"));
    }

    @Test
    void missingCallbackIdIs400() {
        String body = callBody("x", "62515", "{\"sender\":\"ACME\",\"message\":\"hi\"}")
                .replace("\"callbackId\":\"x\",", "");
        post(body, System.currentTimeMillis(), SECRET).statusCode(400).body("field", equalTo("callbackId"));
    }

    @Test
    void unknownPortalIs404() {
        String callbackId = "portal-" + UUID.randomUUID();
        post(
                        callBody(callbackId, "999999", "{\"sender\":\"ACME\",\"message\":\"hi\"}"),
                        System.currentTimeMillis(),
                        SECRET)
                .statusCode(404)
                .body("message", containsString("999999"));
        assertEquals(0, storedRequests(callbackId));
    }

    @Test
    void getIsNotAllowed() {
        given().get(PATH).then().statusCode(405);
    }

    // --- Every stored field is checked before anything is stored: a 400 naming it, never a 500 ---

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A valid call (contact 1001, sender ACME) with one change, escaped by Jackson like HubSpot's own JSON. */
    private static String call(String callbackId, Consumer<ObjectNode> change) {
        ObjectNode root = JSON.createObjectNode().put("callbackId", callbackId);
        root.putObject("origin").put("portalId", 62515).put("actionDefinitionId", 1);
        ObjectNode object = root.putObject("object").put("objectId", 1001).put("objectType", "CONTACT");
        object.putObject("properties").put("mobilephone", "+34612345678").put("firstname", "Ana");
        root.putObject("inputFields").put("sender", "ACME").put("message", "Hola {{contact.firstname}}");
        change.accept(root);
        return root.toString();
    }

    private static ObjectNode inputs(ObjectNode root) {
        return (ObjectNode) root.get("inputFields");
    }

    private static ObjectNode object(ObjectNode root) {
        return (ObjectNode) root.get("object");
    }

    private int allStoredRequests() {
        return db.queryOne("SELECT COUNT(*) FROM action_request", r -> r.getInt(1))
                .orElse(0);
    }

    private void refusedNamingAndNothingStored(String body, String field) {
        int before = allStoredRequests();
        post(body, System.currentTimeMillis(), SECRET)
                .statusCode(400)
                .body("status", equalTo("error"))
                .body("field", equalTo(field))
                .body("message", not(emptyOrNullString()));
        assertEquals(before, allStoredRequests(), "nothing is stored for a refused call");
    }

    @Test
    void callbackIdOver255CharactersIs400() {
        refusedNamingAndNothingStored(call("c".repeat(256), root -> {}), "callbackId");
    }

    @Test
    void objectIdOver64CharactersOrNotDigitsIs400() {
        String id = "ok-" + UUID.randomUUID();
        refusedNamingAndNothingStored(
                call(id, root -> object(root).put("objectId", "1".repeat(65))), "object.objectId");
        refusedNamingAndNothingStored(call(id, root -> object(root).put("objectId", "10a")), "object.objectId");
        post(call(id, root -> object(root).put("objectId", "1001")), System.currentTimeMillis(), SECRET)
                .statusCode(200);
        assertEquals(1, storedRequests(id));
    }

    @Test
    void senderPaddedWithNewlinesIs400() {
        refusedNamingAndNothingStored(
                call("sender-" + UUID.randomUUID(), root -> inputs(root).put("sender", "\n".repeat(30) + "ACME")),
                "inputFields.sender");
    }

    @Test
    void senderPaddedWithSpacesIsStoredTrimmed() {
        String callbackId = "trim-" + UUID.randomUUID();
        post(
                        call(callbackId, root -> inputs(root).put("sender", " ".repeat(30) + "ACME  ")),
                        System.currentTimeMillis(),
                        SECRET)
                .statusCode(200);
        assertEquals(
                "ACME",
                db.queryOne("SELECT sender FROM message WHERE callback_id = ?", r -> r.getString(1), callbackId)
                        .orElseThrow());
    }

    @Test
    void campaignNameOver255CharactersIs400() {
        refusedNamingAndNothingStored(
                call("campaign-" + UUID.randomUUID(), root -> inputs(root).put("campaignName", "x".repeat(256))),
                "inputFields.campaignName");
    }

    @Test
    void nulInAnyFieldIs400NamingIt() {
        refusedNamingAndNothingStored(call("nul\u0000" + UUID.randomUUID(), root -> {}), "callbackId");
        String id = "nul-" + UUID.randomUUID();
        refusedNamingAndNothingStored(call(id, root -> object(root).put("objectId", "1001\u0000")), "object.objectId");
        refusedNamingAndNothingStored(
                call(id, root -> inputs(root).put("message", "Hola\u0000")), "inputFields.message");
        refusedNamingAndNothingStored(
                call(id, root -> inputs(root).put("utmSource", "s\u0000")), "inputFields.utmSource");
        refusedNamingAndNothingStored(
                call(id, root -> inputs(root).put("futureField", "\u0000")), "inputFields.futureField");
        refusedNamingAndNothingStored(
                call(id, root -> ((ObjectNode) object(root).get("properties")).put("firstname", "Ana\u0000")),
                "object.properties.firstname");
        refusedNamingAndNothingStored(
                call(id, root -> ((ObjectNode) object(root).get("properties")).put("first\u0000name", "Ana")),
                "object.properties");
        assertEquals(0, storedRequests(id));
    }

    @Test
    void controlCharactersInIdentifiersAre400() {
        refusedNamingAndNothingStored(call("cb\r\nforged log line", root -> {}), "callbackId");
        refusedNamingAndNothingStored(
                call("ctl-" + UUID.randomUUID(), root -> inputs(root).put("message", "Hola \u001b[2J")),
                "inputFields.message");
    }

    @Test
    void malformedContactTokenIs400NamingTheToken() {
        int before = allStoredRequests();
        post(
                        call("token-" + UUID.randomUUID(), root -> inputs(root).put("message", "Hola {{ firstname }}")),
                        System.currentTimeMillis(),
                        SECRET)
                .statusCode(400)
                .body("field", equalTo("inputFields.message"))
                .body("message", containsString("{{ firstname }}"));
        assertEquals(before, allStoredRequests());
    }

    @Test
    void messageWithLineBreaksAndWellFormedTokensIsAccepted() {
        String callbackId = "lines-" + UUID.randomUUID();
        post(
                        call(
                                callbackId,
                                root -> inputs(root)
                                        .put("message", "Hola {{ contact.firstname }}\r\n\tBaja: {UNSUB_URL}")),
                        System.currentTimeMillis(),
                        SECRET)
                .statusCode(200);
        assertEquals(1, storedRequests(callbackId));
    }
}
