package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.store.Db;
import com.nrsconnector.store.PortalStore;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The HubSpot outboxes against a HubSpot that throttles and refuses (see {@link LoopbackHubSpot}): a 429 is retried
 * after its Retry-After, a permanent 400 is given up at once as a dead letter.
 */
@QuarkusTest
@TestProfile(LoopbackHubSpotProfile.class)
class HubSpotOutboxFaultsTest {

    private static final String TIMELINE_BATCH = "/integrators/timeline/2026-03/events/batch";
    private static final String COMPLETE_BATCH = "/automation/v4/actions/callbacks/complete";
    private static final long LOOPBACK_PORTAL = 7_000_001L;
    private static final long REVOKED_PORTAL = 7_000_002L;

    @Inject
    Db db;

    @Inject
    ConnectorConfig config;

    @Inject
    PortalStore portals;

    @Inject
    org.apache.camel.CamelContext camel;

    @Inject
    com.nrsconnector.timeline.TimelineEventWriter timelineWriter;

    /** A portal of these tests' own: what the loopback HubSpot grants never reaches the demo portal. */
    @BeforeEach
    void connectPortal() {
        portals.createIfAbsent(
                LOOPBACK_PORTAL, "loopback-refresh-token", "loopback", "loopback-password", "Europe/Madrid");
    }

    @Test
    void aThrottledTimelineWriteIsRetriedAfterItsRetryAfter() {
        String contact = "throttled-" + UUID.randomUUID();
        long messageId = db.inTransaction(c -> {
            long id = Db.insert(
                    c,
                    "INSERT INTO message (portal_id, contact_id, channel, status, sender) "
                            + "VALUES (?, ?, 'SMS', 'SENT', 'ACME')",
                    LOOPBACK_PORTAL,
                    contact);
            Db.update(
                    c,
                    "INSERT INTO message_event (message_id, event_type, occurred_at) VALUES (?, 'SMS_SENT', ?)",
                    id,
                    Db.timestamp(Instant.now()));
            return id;
        });

        await().atMost(Sandbox.WAIT).until(() -> "WRITTEN".equals(eventColumn(messageId, "timeline_state")));

        assertEquals("2", eventColumn(messageId, "timeline_attempts"));
        List<Map<String, Object>> writes = received(TIMELINE_BATCH, contact);
        assertThat(writes, hasSize(2));
        assertEquals(429, writes.get(0).get("status"));
        assertEquals(201, writes.get(1).get("status"));
        long waited = ((Number) writes.get(1).get("receivedAtMillis")).longValue()
                - ((Number) writes.get(0).get("receivedAtMillis")).longValue();
        // Not the outbox's own backoff (a fraction of a second in tests): HubSpot's Retry-After.
        assertThat(
                waited,
                greaterThanOrEqualTo(
                        Duration.ofSeconds(LoopbackHubSpot.RETRY_AFTER_SECONDS).toMillis()));
        // The classic HTTP client speaks HTTP/1.1 to a plain-HTTP HubSpot.
        assertEquals("HTTP/1.1", writes.get(0).get("protocol"));
    }

    @Test
    void aCompletionHubSpotRefusesIsGivenUpAtOnceAsADeadLetter() {
        String callbackId = "refused-" + UUID.randomUUID();
        long portalId = LOOPBACK_PORTAL;
        pendingCompletion(portalId, callbackId);

        await().atMost(Sandbox.WAIT)
                .until(() -> "FAILED".equals(completionColumn(portalId, callbackId, "completion_state")));

        assertEquals("1", completionColumn(portalId, callbackId, "completion_attempts"));
        assertThat(completionColumn(portalId, callbackId, "completion_error"), containsString("answered 400"));
        assertThat(received(COMPLETE_BATCH, callbackId), hasSize(1));
        List<Map<String, Object>> deadLetters = deadLettersMentioning(callbackId);
        assertThat(deadLetters, hasSize(1));
        assertEquals("workflow-completions", deadLetters.get(0).get("route"));
        assertEquals("hubspot:POST " + COMPLETE_BATCH, deadLetters.get(0).get("endpoint"));
        assertEquals(1, deadLetters.get(0).get("attempts"));
        assertThat((String) deadLetters.get(0).get("error"), containsString("answered 400"));
    }

    @Test
    void aRevokedGrantDisconnectsThePortalAndGivesItsWritesUp() {
        portals.createIfAbsent(
                REVOKED_PORTAL, "revoked-refresh-token", "loopback", "loopback-password", "Europe/Madrid");
        String callbackId = "revoked-" + UUID.randomUUID();
        pendingCompletion(REVOKED_PORTAL, callbackId);

        await().atMost(Sandbox.WAIT)
                .until(() -> "FAILED".equals(completionColumn(REVOKED_PORTAL, callbackId, "completion_state")));

        assertEquals("DISCONNECTED", portals.find(REVOKED_PORTAL).orElseThrow().status());
        assertThat(completionColumn(REVOKED_PORTAL, callbackId, "completion_error"), containsString("revoked"));
        assertThat(received(COMPLETE_BATCH, callbackId), hasSize(0));
        List<Map<String, Object>> deadLetters = deadLettersMentioning(callbackId);
        assertThat(deadLetters, hasSize(1));
        assertEquals(1, deadLetters.get(0).get("attempts"));
    }

    /** A backlog goes out in one flush, a full batch after another, not one batch per timer tick. */
    @Test
    void oneFlushWritesABacklogInFullBatchesAndStopsAtAFailedRequest() throws Exception {
        String marker = "backlog-" + UUID.randomUUID();
        camel.getRouteController().stopRoute("timeline-writer");
        try {
            List<Long> ids = pendingEvents(marker, 250);
            int written = timelineWriter.flush();

            assertThat(written, greaterThanOrEqualTo(250));
            List<Map<String, Object>> writes = received(TIMELINE_BATCH, marker);
            assertEquals(
                    List.of(100, 100, 50),
                    writes.stream()
                            .map(w -> String.valueOf(w.get("body")).split(marker, -1).length - 1)
                            .toList());
            for (long id : ids) {
                assertEquals("WRITTEN", eventColumn(id, "timeline_state"));
            }

            // HubSpot throttles the first batch: the flush stops there, the rest waits for the next one.
            String throttled = "throttled-" + UUID.randomUUID();
            List<Long> later = pendingEvents(throttled, 150);
            timelineWriter.flush();
            assertThat(received(TIMELINE_BATCH, throttled), hasSize(1));
            assertEquals(429, received(TIMELINE_BATCH, throttled).get(0).get("status"));
            assertEquals(
                    150,
                    later.stream()
                            .filter(id -> !"WRITTEN".equals(eventColumn(id, "timeline_state")))
                            .count());
        } finally {
            camel.getRouteController().startRoute("timeline-writer");
        }
    }

    /** Messages of a contact each, whose ids start with the marker, with one SMS_SENT event each to write. */
    private List<Long> pendingEvents(String marker, int count) {
        return db.inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long id = Db.insert(
                        c,
                        "INSERT INTO message (portal_id, contact_id, channel, status, sender) "
                                + "VALUES (?, ?, 'SMS', 'SENT', 'ACME')",
                        LOOPBACK_PORTAL,
                        marker + "-" + i);
                Db.update(
                        c,
                        "INSERT INTO message_event (message_id, event_type, occurred_at) VALUES (?, 'SMS_SENT', ?)",
                        id,
                        Db.timestamp(Instant.now()));
                ids.add(id);
            }
            return ids;
        });
    }

    private void pendingCompletion(long portalId, String callbackId) {
        db.update(
                "INSERT INTO action_request (portal_id, callback_id, action_type, object_type, object_id, payload, "
                        + "response_status, response_body, completion_state, completion_outputs, completion_next_attempt_at) "
                        + "VALUES (?, ?, 'SEND_SMS', 'CONTACT', '1001', '{}', 200, '{}', 'PENDING', ?, ?)",
                portalId,
                callbackId,
                "{\"hs_execution_state\":\"FAIL_CONTINUE\",\"deliveryStatus\":\"NOT_SENT\"}",
                Db.timestamp(Instant.now()));
    }

    private List<Map<String, Object>> deadLettersMentioning(String callbackId) {
        return db.query(
                "SELECT route_id, endpoint, payload, error, attempts " + "FROM dead_letter WHERE payload LIKE ?",
                row -> Map.<String, Object>of(
                        "route",
                        row.getString(1),
                        "endpoint",
                        row.getString(2),
                        "error",
                        row.getString(4),
                        "attempts",
                        row.getInt(5)),
                "%" + callbackId + "%");
    }

    private String eventColumn(long messageId, String column) {
        return db.queryOne(
                        "SELECT " + column + " FROM message_event WHERE message_id = ?",
                        row -> row.getString(1),
                        messageId)
                .orElse(null);
    }

    private String completionColumn(long portalId, String callbackId, String column) {
        return db.queryOne(
                        "SELECT " + column + " FROM action_request WHERE portal_id = ? AND callback_id = ?",
                        row -> row.getString(1),
                        portalId,
                        callbackId)
                .orElse(null);
    }

    /** What the loopback HubSpot received on this path with the marker in its body, in order. */
    private List<Map<String, Object>> received(String path, String marker) {
        String base = config.hubspot().apiBaseUrl();
        List<Map<String, Object>> log = given().get(base.substring(0, base.length() - "/hubspot".length()) + "/log")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        return log.stream()
                .filter(entry -> path.equals(entry.get("path")))
                .filter(entry -> String.valueOf(entry.get("body")).contains(marker))
                .toList();
    }
}
