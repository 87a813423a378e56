package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Test-side client of the sandbox contract (the same calls docs/sandbox.md documents). */
final class Sandbox {

    /** How long a test waits for what must happen: a bound on liveness, far beyond any run on a busy machine. */
    static final Duration WAIT = Duration.ofSeconds(60);

    private Sandbox() {}

    static String createContact(Map<String, String> properties) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("properties", properties))
                .post("/sandbox/hubspot/contacts")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    static JsonPath enroll(String contactId, Map<String, String> inputFields) {
        return enroll(contactId, inputFields, "test-" + UUID.randomUUID());
    }

    static JsonPath enroll(String contactId, Map<String, String> inputFields, String callbackId) {
        return given().contentType(ContentType.JSON)
                .body(Map.of(
                        "actionType",
                        "SEND_SMS",
                        "contactId",
                        contactId,
                        "inputFields",
                        inputFields,
                        "callbackId",
                        callbackId))
                .post("/sandbox/hubspot/workflows/enroll")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Enrolls the contact in a workflow whose action is {@code actionType} (SEND_SMS, SEND_VOICE, ...). */
    static JsonPath enroll(String actionType, String contactId, Map<String, String> inputFields, String callbackId) {
        return given().contentType(ContentType.JSON)
                .body(Map.of(
                        "actionType",
                        actionType,
                        "contactId",
                        contactId,
                        "inputFields",
                        inputFields,
                        "callbackId",
                        callbackId))
                .post("/sandbox/hubspot/workflows/enroll")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static JsonPath enrollVoice(String contactId, Map<String, String> inputFields) {
        return enroll("SEND_VOICE", contactId, inputFields, "voice-" + UUID.randomUUID());
    }

    static String createDeal(String dealId, List<String> contactIds) {
        return given().contentType(ContentType.JSON)
                .body(Map.of(
                        "id", dealId, "properties", Map.of("dealname", "Deal " + dealId), "contactIds", contactIds))
                .post("/sandbox/hubspot/deals")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    static JsonPath enrollDeal(String dealId, Map<String, String> inputFields) {
        return given().contentType(ContentType.JSON)
                .body(Map.of(
                        "actionType",
                        "SEND_SMS",
                        "objectType",
                        "DEAL",
                        "dealId",
                        dealId,
                        "inputFields",
                        inputFields,
                        "callbackId",
                        "deal-" + UUID.randomUUID()))
                .post("/sandbox/hubspot/workflows/enroll")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static List<Map<String, Object>> timeline(String contactId) {
        return given().get("/sandbox/hubspot/contacts/" + contactId + "/timeline")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    static List<String> eventTypes(String contactId) {
        return timeline(contactId).stream()
                .map(e -> (String) e.get("eventType"))
                .collect(Collectors.toList());
    }

    static List<String> awaitEventTypes(String contactId, Predicate<List<String>> done) {
        return Awaitility.await()
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> eventTypes(contactId), done);
    }

    /** Waits for the contact's only event, which must be SMS_NOT_SENT, and answers its reason. */
    @SuppressWarnings("unchecked")
    static String awaitNotSentReason(String contactId) {
        List<String> events = awaitEventTypes(contactId, e -> !e.isEmpty());
        if (!events.equals(List.of("SMS_NOT_SENT"))) {
            throw new AssertionError("expected only SMS_NOT_SENT, got " + events);
        }
        return ((Map<String, String>) timeline(contactId).get(0).get("tokens")).get("details");
    }

    static List<Map<String, Object>> nrsRequests() {
        return given().get("/sandbox/360nrs/requests")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    /** The 360nrs send requests whose body mentions the marker (tests put a unique word in each message). */
    static List<Map<String, Object>> nrsSmsRequestsMentioning(String marker) {
        return nrsRequests().stream()
                .filter(r -> "/api/rest/sms".equals(r.get("path")))
                .filter(r -> String.valueOf(r.get("body")).contains(marker))
                .collect(Collectors.toList());
    }

    /** The 360nrs voice requests whose body mentions the marker. */
    static List<Map<String, Object>> nrsVoiceRequestsMentioning(String marker) {
        return nrsRequests().stream()
                .filter(r -> "/api/rest/voice".equals(r.get("path")))
                .filter(r -> String.valueOf(r.get("body")).contains(marker))
                .collect(Collectors.toList());
    }

    /** The reports the 360nrs stand-in made to the connector (url, status, response). */
    static List<Map<String, Object>> nrsCallbacks() {
        return given().get("/sandbox/360nrs/callbacks")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    static List<Map<String, Object>> hubspotRequests() {
        return given().get("/sandbox/hubspot/requests")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    static List<Map<String, Object>> completions() {
        return given().get("/sandbox/hubspot/callbacks")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    static String marker() {
        return "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
