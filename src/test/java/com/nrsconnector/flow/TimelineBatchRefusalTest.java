package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A timeline batch HubSpot answers 207 loses nothing: the events it created are written, the ones it refused for good
 * are given up with HubSpot's reason (a dead letter the operations API shows), the ones it refused for a transient
 * reason are written on a later attempt with the same event id. A batch HubSpot refuses as a whole (400, 409) is split
 * until the refused event stands alone: only that one is given up.
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
                messageIds[i] = Db.insert(
                        c,
                        "INSERT INTO message (portal_id, contact_id, channel, status, sender) "
                                + "VALUES (?, ?, 'SMS', 'SENT', 'ACME')",
                        portal,
                        contact);
                Db.update(
                        c,
                        "INSERT INTO message_event (message_id, event_type, occurred_at) VALUES (?, 'SMS_SENT', ?)",
                        messageIds[i++],
                        Db.timestamp(Instant.now()));
            }
            return messageIds;
        });

        await().atMost(Sandbox.WAIT).until(() -> "FAILED".equals(state(ids[1])) && "WRITTEN".equals(state(ids[0])));

        assertEquals(List.of("SMS_SENT"), Sandbox.eventTypes(known));
        assertThat(Sandbox.eventTypes(unknown), hasSize(0));
        String error = db.queryOne(
                        "SELECT timeline_error FROM message_event WHERE message_id = ?",
                        row -> row.getString(1),
                        ids[1])
                .orElseThrow();
        assertThat(error, containsString("207"));
        assertThat(error, containsString("OBJECT_NOT_FOUND"));
        List<String> deadLetters =
                db.query("SELECT route_id FROM dead_letter WHERE message_id = ?", row -> row.getString(1), ids[1]);
        assertEquals(List.of("timeline-writer"), deadLetters);
    }

    private String state(long messageId) {
        return db.queryOne(
                        "SELECT timeline_state FROM message_event WHERE message_id = ?",
                        row -> row.getString(1),
                        messageId)
                .orElse(null);
    }

    @Test
    void aBatchWithRefusedEventsLosesNone() {
        String written = Sandbox.createContact(Map.of("firstname", "Aceptada"));
        String throttled = Sandbox.createContact(Map.of("firstname", "Limitada"));
        String missing = "97" + System.nanoTime() % 1_000_000_000L;
        given().contentType("application/json")
                .body(Map.of("objectId", throttled, "category", "RATE_LIMITS", "times", 1))
                .post("/sandbox/hubspot/timeline/refusals")
                .then()
                .statusCode(200);
        long portal = config.sandbox().demoPortalId();
        long[] ids = db.inTransaction(c -> {
            long[] messageIds = new long[3];
            int i = 0;
            for (String contact : List.of(written, throttled, missing)) {
                messageIds[i] = Db.insert(
                        c,
                        "INSERT INTO message (portal_id, contact_id, channel, status, sender) "
                                + "VALUES (?, ?, 'SMS', 'SENT', 'ACME')",
                        portal,
                        contact);
                Db.update(
                        c,
                        "INSERT INTO message_event (message_id, event_type, occurred_at) VALUES (?, 'SMS_SENT', ?)",
                        messageIds[i++],
                        Db.timestamp(Instant.now()));
            }
            return messageIds;
        });

        await().atMost(Sandbox.WAIT)
                .until(() -> "WRITTEN".equals(state(ids[0]))
                        && "WRITTEN".equals(state(ids[1]))
                        && "FAILED".equals(state(ids[2])));

        // Accepted at once, and the throttled one on its second attempt, each on its contact's timeline once.
        assertEquals(List.of("SMS_SENT"), Sandbox.eventTypes(written));
        assertEquals(List.of("SMS_SENT"), Sandbox.eventTypes(throttled));
        assertEquals(2, (int) db.queryOne(
                        "SELECT timeline_attempts FROM message_event WHERE message_id = ?",
                        row -> row.getInt(1),
                        ids[1])
                .orElseThrow());
        String throttledId = db.queryOne(
                        "SELECT event_uid FROM message_event WHERE message_id = ?", row -> row.getString(1), ids[1])
                .orElseThrow();
        assertEquals(throttledId, Sandbox.timeline(throttled).get(0).get("id"));
        long sentWithThatId = Sandbox.hubspotRequests().stream()
                .filter(r -> String.valueOf(r.get("path")).contains("/integrators/timeline/"))
                .filter(r -> String.valueOf(r.get("body")).contains(throttledId))
                .count();
        assertEquals(2, sentWithThatId, "the retry carries the id of the first attempt");
        assertEquals(
                List.of(),
                db.query(
                        "SELECT id FROM dead_letter WHERE message_id IN (?, ?)",
                        row -> row.getLong(1),
                        ids[0],
                        ids[1]));

        // Refused for good: given up with HubSpot's reason, which the operations API shows.
        List<Map<String, Object>> letters = given().auth()
                .preemptive()
                .basic("ops", "sandbox-ops-password")
                .queryParam("routeId", "timeline-writer")
                .queryParam("limit", 500)
                .get("/ops/dead-letters")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("deadLetters");
        Map<String, Object> letter = letters.stream()
                .filter(l -> l.get("messageId") != null && ((Number) l.get("messageId")).longValue() == ids[2])
                .findFirst()
                .orElseThrow();
        assertThat((String) letter.get("exception"), containsString("refused for good"));
        assertThat((String) letter.get("exception"), containsString("OBJECT_NOT_FOUND"));
    }

    /**
     * An event refused for a transient reason holds back the later events of its message: they reach the timeline
     * after it, in the order they happened, not in the batch it was refused from.
     */
    @Test
    void aRetriedEventStaysAheadOfTheLaterEventsOfItsMessage() {
        String contact = Sandbox.createContact(Map.of("firstname", "Ordenada"));
        given().contentType("application/json")
                .body(Map.of("objectId", contact, "category", "RATE_LIMITS", "times", 1))
                .post("/sandbox/hubspot/timeline/refusals")
                .then()
                .statusCode(200);
        long portal = config.sandbox().demoPortalId();
        long messageId = db.inTransaction(c -> {
            long id = Db.insert(
                    c,
                    "INSERT INTO message (portal_id, contact_id, channel, status, sender) "
                            + "VALUES (?, ?, 'SMS', 'DELIVERED', 'ACME')",
                    portal,
                    contact);
            Instant now = Instant.now();
            for (String type : List.of("SMS_SENT", "SMS_DELIVERED", "SMS_RESPONSE")) {
                Db.update(
                        c,
                        "INSERT INTO message_event (message_id, event_type, occurred_at) VALUES (?, ?, ?)",
                        id,
                        type,
                        Db.timestamp(now));
            }
            return id;
        });

        await().atMost(Sandbox.WAIT)
                .until(() -> db.queryOne(
                                        "SELECT COUNT(*) FROM message_event WHERE message_id = ? "
                                                + "AND timeline_state = 'WRITTEN'",
                                        row -> row.getInt(1),
                                        messageId)
                                .orElse(0)
                        == 3);

        assertEquals(List.of("SMS_SENT", "SMS_DELIVERED", "SMS_RESPONSE"), Sandbox.eventTypes(contact));
        assertEquals(
                2,
                (int) db.queryOne(
                                "SELECT timeline_attempts FROM message_event WHERE message_id = ? "
                                        + "AND event_type = 'SMS_SENT'",
                                row -> row.getInt(1),
                                messageId)
                        .orElseThrow(),
                "refused once");
    }

    /** Records one SMS_SENT event per message to the contact, with these event ids; answers the message ids. */
    private List<Long> recordSentEvents(String contact, List<String> eventIds) {
        long portal = config.sandbox().demoPortalId();
        return db.inTransaction(c -> {
            List<Long> messageIds = new ArrayList<>();
            for (String eventId : eventIds) {
                long messageId = Db.insert(
                        c,
                        "INSERT INTO message (portal_id, contact_id, channel, status, sender) "
                                + "VALUES (?, ?, 'SMS', 'SENT', 'ACME')",
                        portal,
                        contact);
                Db.update(
                        c,
                        "INSERT INTO message_event (message_id, event_type, occurred_at, event_uid) "
                                + "VALUES (?, 'SMS_SENT', ?, ?)",
                        messageId,
                        Db.timestamp(Instant.now()),
                        eventId);
                messageIds.add(messageId);
            }
            return messageIds;
        });
    }

    private static List<String> eventIds(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(prefix + "-" + System.nanoTime() + "-" + i);
        }
        return ids;
    }

    @Test
    void aWholeBatchRefusalForOneBadEventOfFiftyWritesTheOtherFortyNineAndGivesUpOnlyTheBadOne() {
        String contact = Sandbox.createContact(Map.of("firstname", "Cincuenta"));
        List<String> eventIds = eventIds("split", 50);
        String bad = eventIds.get(31);
        given().contentType("application/json")
                .body(Map.of("eventId", bad, "status", 400))
                .post("/sandbox/hubspot/timeline/refusals")
                .then()
                .statusCode(200);
        List<Long> ids = recordSentEvents(contact, eventIds);
        long badMessage = ids.get(31);

        await().atMost(Sandbox.WAIT)
                .until(() -> ids.stream().noneMatch(id -> state(id) == null || "PENDING".equals(state(id)))
                        && "FAILED".equals(state(badMessage)));

        for (long id : ids) {
            assertEquals(id == badMessage ? "FAILED" : "WRITTEN", state(id), "message " + id);
        }
        List<String> onTimeline = Sandbox.timeline(contact).stream()
                .map(e -> (String) e.get("id"))
                .toList();
        assertEquals(49, onTimeline.size(), "each good event once");
        assertEquals(
                eventIds.stream().filter(id -> !id.equals(bad)).collect(Collectors.toSet()), Set.copyOf(onTimeline));

        // One dead letter, the bad event's, with HubSpot's category and message.
        assertEquals(
                List.of(badMessage),
                db.query(
                        "SELECT message_id FROM dead_letter WHERE message_id IN ("
                                + ids.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")",
                        row -> row.getLong(1)));
        List<Map<String, Object>> letters = given().auth()
                .preemptive()
                .basic("ops", "sandbox-ops-password")
                .queryParam("routeId", "timeline-writer")
                .queryParam("limit", 500)
                .get("/ops/dead-letters")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("deadLetters");
        Map<String, Object> letter = letters.stream()
                .filter(l -> l.get("messageId") != null && ((Number) l.get("messageId")).longValue() == badMessage)
                .findFirst()
                .orElseThrow();
        assertThat((String) letter.get("exception"), containsString("refused for good (HTTP 400)"));
        assertThat((String) letter.get("exception"), containsString("VALIDATION_ERROR"));
        assertThat((String) letter.get("exception"), containsString("event occurrence " + bad));
        assertThat(String.valueOf(letter.get("body")), containsString(bad));

        // Binary splitting: the whole batch, then at most two halves per level of ceil(log2 50) = 6.
        long requestsWithTheBadEvent = Sandbox.hubspotRequests().stream()
                .filter(r -> String.valueOf(r.get("path")).contains("/integrators/timeline/"))
                .filter(r -> String.valueOf(r.get("body")).contains(bad))
                .count();
        assertEquals(6, requestsWithTheBadEvent, "the parts that hold it: 50, 25, 12, 6, 3 events, then it alone");
        long timelineRequests = Sandbox.hubspotRequests().stream()
                .filter(r -> String.valueOf(r.get("path")).contains("/integrators/timeline/"))
                .filter(r -> eventIds.stream().anyMatch(String.valueOf(r.get("body"))::contains))
                .count();
        assertThat(timelineRequests, lessThanOrEqualTo(1L + 2 * 6));
    }

    @Test
    void aLoneEventHubSpotAnswersWithAConflictIsAlreadyOnTheTimelineAndIsNotADeadLetter() {
        String contact = Sandbox.createContact(Map.of("firstname", "Repetida"));
        List<String> eventIds = eventIds("conflict", 3);
        given().contentType("application/json")
                .body(Map.of("eventId", eventIds.get(1), "status", 409))
                .post("/sandbox/hubspot/timeline/refusals")
                .then()
                .statusCode(200);
        List<Long> ids = recordSentEvents(contact, eventIds);

        await().atMost(Sandbox.WAIT).until(() -> ids.stream().allMatch(id -> "WRITTEN".equals(state(id))));

        // The other two are created; the conflicting one exists at HubSpot already, so nothing is given up.
        assertEquals(
                Set.of(eventIds.get(0), eventIds.get(2)),
                Sandbox.timeline(contact).stream()
                        .map(e -> (String) e.get("id"))
                        .collect(Collectors.toSet()));
        assertEquals(
                List.of(),
                db.query(
                        "SELECT id FROM dead_letter WHERE message_id IN (?, ?, ?)",
                        row -> row.getLong(1),
                        ids.get(0),
                        ids.get(1),
                        ids.get(2)));
    }

    @Test
    void theStandInRefusesAWholeBatchRefusalWithoutAnEventIdOrWithAnotherStatus() {
        given().contentType("application/json")
                .body(Map.of("eventId", "", "status", 400))
                .post("/sandbox/hubspot/timeline/refusals")
                .then()
                .statusCode(400);
        given().contentType("application/json")
                .body(Map.of("eventId", "x", "status", 500))
                .post("/sandbox/hubspot/timeline/refusals")
                .then()
                .statusCode(400);
    }
}
