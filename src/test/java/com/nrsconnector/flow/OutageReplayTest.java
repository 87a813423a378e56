package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * An outage played end to end: with 360nrs answering 503 a send uses its attempts and becomes a dead letter that waits
 * (still PENDING, nothing on the timeline, the workflow still waiting); once the outage is over a replay sends it once,
 * and its first and only outcome reaches the timeline and the workflow. Nobody replaying it settles it NOT_SENT.
 */
@QuarkusTest
class OutageReplayTest {

    @Inject
    Db db;

    @Inject
    ConnectorConfig config;

    @Test
    void deadLetteredSendWaitsForAReplayThenIsSentOnceAndReplayingAgainSendsNothing() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 801"));
        String marker = Sandbox.marker();
        String callbackId = "outage-" + marker;
        long messageId;
        long letterId;
        outage(503);
        try {
            Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Caida " + marker), callbackId);
            messageId = db.queryOne("SELECT id FROM message WHERE callback_id = ?", r -> r.getLong(1), callbackId)
                    .orElseThrow();
            Map<String, Object> letter =
                    await().atMost(Sandbox.WAIT).until(() -> openLetterOf(messageId), l -> l != null);
            letterId = ((Number) letter.get("id")).longValue();
            assertThat((String) letter.get("exception"), containsString("503"));
            assertEquals(
                    config.dispatcher().maxAttempts(),
                    Sandbox.nrsSmsRequestsMentioning(marker).size());
        } finally {
            given().delete("/sandbox/360nrs/faults").then().statusCode(200);
        }
        // Dead-lettered, not settled: the workflow still waits and the timeline says nothing yet.
        assertEquals("PENDING", status(messageId));
        assertThat(Sandbox.eventTypes(contact), empty());

        JsonPath replay = ops().post("/ops/dead-letters/" + letterId + "/replay")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("REQUEUED", replay.getString("outcome"));
        assertThat(
                Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                contains("SMS_SENT", "SMS_DELIVERED"));
        Map<String, Object> completion = await().atMost(Sandbox.WAIT)
                .until(
                        () -> Sandbox.completions().stream()
                                .filter(c -> callbackId.equals(c.get("callbackId")))
                                .findFirst()
                                .orElse(null),
                        c -> c != null);
        assertEquals("DELIVERED", ((Map<?, ?>) completion.get("outputFields")).get("deliveryStatus"));

        assertEquals(
                "ALREADY_SENT",
                ops().post("/ops/dead-letters/" + letterId + "/replay")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("outcome"));
        Outbox.awaitNothingPendingFor(db, callbackId);
        assertEquals(1, accepted(marker));
    }

    @Test
    void deadLetterNobodyReplaysIsSettledNotSentWhenItsHoldEnds() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 802"));
        String marker = Sandbox.marker();
        String callbackId = "unreplayed-" + marker;
        outage(503);
        long messageId;
        try {
            Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Nadie " + marker), callbackId);
            messageId = db.queryOne("SELECT id FROM message WHERE callback_id = ?", r -> r.getLong(1), callbackId)
                    .orElseThrow();
            await().atMost(Sandbox.WAIT).until(() -> openLetterOf(messageId), l -> l != null);
        } finally {
            given().delete("/sandbox/360nrs/faults").then().statusCode(200);
        }
        // The hold (connector.dispatcher.dead-letter-hold) ends.
        assertEquals(
                1,
                db.update(
                        "UPDATE send_queue SET available_at = ? WHERE message_id = ? AND held = TRUE",
                        Instant.now().minusSeconds(1),
                        messageId));
        assertThat(Sandbox.awaitNotSentReason(contact), containsString("not replayed within"));
        // Settling it asks 360nrs nothing: the outage's attempts were the only requests, and none was accepted.
        assertEquals(
                config.dispatcher().maxAttempts(),
                Sandbox.nrsSmsRequestsMentioning(marker).size());
        assertEquals(0, accepted(marker));
    }

    private static void outage(int status) {
        given().contentType(ContentType.JSON)
                .body(Map.of("status", status))
                .post("/sandbox/360nrs/faults")
                .then()
                .statusCode(200);
    }

    private static RequestSpecification ops() {
        return given().auth().preemptive().basic("ops", "sandbox-ops-password");
    }

    private static Map<String, Object> openLetterOf(long messageId) {
        List<Map<String, Object>> letters = ops().queryParam("routeId", "send-request")
                .queryParam("status", "OPEN")
                .queryParam("limit", 500)
                .get("/ops/dead-letters")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("deadLetters");
        return letters.stream()
                .filter(l -> l.get("messageId") != null && ((Number) l.get("messageId")).longValue() == messageId)
                .findFirst()
                .orElse(null);
    }

    private String status(long messageId) {
        return db.queryOne("SELECT status FROM message WHERE id = ?", r -> r.getString(1), messageId)
                .orElseThrow();
    }

    private static long accepted(String marker) {
        List<Map<String, Object>> messages = given().get("/sandbox/360nrs/messages")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        return messages.stream()
                .filter(m -> String.valueOf(m.get("message")).contains(marker))
                .count();
    }
}
