package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * A timeline batch HubSpot answers 207 loses nothing: the events it created are written, the ones it refused for good
 * are given up with HubSpot's reason (a dead letter the operations API shows), the ones it refused for a transient
 * reason are written on a later attempt with the same event id.
 */
@QuarkusTest
class TimelineBatchRefusalTest {

    @Inject
    Db db;

    @Inject
    ConnectorConfig config;

    @Test
    void anEventForARecordThePortalDoesNotHaveIsGivenUpAndTheOthersAreWritten() {
        String known = Sandbox.createContact(Map.of("firstname", "Conocida"));
        String unknown = "98" + System.nanoTime() % 1_000_000_000L;
        long portal = config.sandbox().demoPortalId();
        long[] ids = db.inTransaction(c -> {
            long[] messageIds = new long[2];
            int i = 0;
            for (String contact : List.of(known, unknown)) {
                messageIds[i] = Db.insert(c, "INSERT INTO message (portal_id, contact_id, channel, status, sender) "
                        + "VALUES (?, ?, 'SMS', 'SENT', 'ACME')", portal, contact);
                Db.update(c, "INSERT INTO message_event (message_id, event_type, occurred_at) VALUES (?, 'SMS_SENT', ?)",
                        messageIds[i++], Db.timestamp(Instant.now()));
            }
            return messageIds;
        });

        await().atMost(Sandbox.WAIT).until(() -> "FAILED".equals(state(ids[1])) && "WRITTEN".equals(state(ids[0])));

        assertEquals(List.of("SMS_SENT"), Sandbox.eventTypes(known));
        assertThat(Sandbox.eventTypes(unknown), hasSize(0));
        String error = db.queryOne("SELECT timeline_error FROM message_event WHERE message_id = ?",
                row -> row.getString(1), ids[1]).orElseThrow();
        assertThat(error, containsString("207"));
        assertThat(error, containsString("OBJECT_NOT_FOUND"));
        List<String> deadLetters = db.query("SELECT route_id FROM dead_letter WHERE message_id = ?",
                row -> row.getString(1), ids[1]);
        assertEquals(List.of("timeline-writer"), deadLetters);
    }

    private String state(long messageId) {
        return db.queryOne("SELECT timeline_state FROM message_event WHERE message_id = ?", row -> row.getString(1),
                messageId).orElse(null);
    }

    @Test
    void aBatchWithRefusedEventsLosesNone() {
        String written = Sandbox.createContact(Map.of("firstname", "Aceptada"));
        String throttled = Sandbox.createContact(Map.of("firstname", "Limitada"));
        String missing = "97" + System.nanoTime() % 1_000_000_000L;
        given().contentType("application/json")
                .body(Map.of("objectId", throttled, "category", "RATE_LIMITS", "times", 1))
                .post("/sandbox/hubspot/timeline/refusals").then().statusCode(200);
        long portal = config.sandbox().demoPortalId();
        long[] ids = db.inTransaction(c -> {
            long[] messageIds = new long[3];
            int i = 0;
            for (String contact : List.of(written, throttled, missing)) {
                messageIds[i] = Db.insert(c, "INSERT INTO message (portal_id, contact_id, channel, status, sender) "
                        + "VALUES (?, ?, 'SMS', 'SENT', 'ACME')", portal, contact);
                Db.update(c, "INSERT INTO message_event (message_id, event_type, occurred_at) VALUES (?, 'SMS_SENT', ?)",
                        messageIds[i++], Db.timestamp(Instant.now()));
            }
            return messageIds;
        });

        await().atMost(Sandbox.WAIT).until(() -> "WRITTEN".equals(state(ids[0])) && "WRITTEN".equals(state(ids[1]))
                && "FAILED".equals(state(ids[2])));

        // Accepted at once, and the throttled one on its second attempt, each on its contact's timeline once.
        assertEquals(List.of("SMS_SENT"), Sandbox.eventTypes(written));
        assertEquals(List.of("SMS_SENT"), Sandbox.eventTypes(throttled));
        assertEquals(2, (int) db.queryOne("SELECT timeline_attempts FROM message_event WHERE message_id = ?",
                row -> row.getInt(1), ids[1]).orElseThrow());
        String throttledId = db.queryOne("SELECT event_uid FROM message_event WHERE message_id = ?",
                row -> row.getString(1), ids[1]).orElseThrow();
        assertEquals(throttledId, Sandbox.timeline(throttled).get(0).get("id"));
        long sentWithThatId = Sandbox.hubspotRequests().stream()
                .filter(r -> String.valueOf(r.get("path")).contains("/integrators/timeline/"))
                .filter(r -> String.valueOf(r.get("body")).contains(throttledId)).count();
        assertEquals(2, sentWithThatId, "the retry carries the id of the first attempt");
        assertEquals(List.of(), db.query("SELECT id FROM dead_letter WHERE message_id IN (?, ?)",
                row -> row.getLong(1), ids[0], ids[1]));

        // Refused for good: given up with HubSpot's reason, which the operations API shows.
        List<Map<String, Object>> letters = given().auth().preemptive().basic("ops", "sandbox-ops-password")
                .queryParam("routeId", "timeline-writer").queryParam("limit", 500).get("/ops/dead-letters")
                .then().statusCode(200).extract().jsonPath().getList("deadLetters");
        Map<String, Object> letter = letters.stream().filter(l -> l.get("messageId") != null
                && ((Number) l.get("messageId")).longValue() == ids[2]).findFirst().orElseThrow();
        assertThat((String) letter.get("exception"), containsString("refused for good"));
        assertThat((String) letter.get("exception"), containsString("OBJECT_NOT_FOUND"));
    }
}
