package com.nrsconnector.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import com.nrsconnector.messaging.TimelineEvents.TimelineEvent;
import com.nrsconnector.store.Db;

/**
 * Timeline event ids never repeat across databases: two fresh databases (the same one wiped and started again) number
 * their first message and event alike, yet their events go to HubSpot with different ids; and an event keeps its id
 * across retries. Each database here is a fresh embedded one with the connector's migrations.
 */
class TimelineEventIdsTest {

    private final TimelineEvents events = new TimelineEvents();

    @Test
    void theFirstEventsOfTwoFreshDatabasesHaveDifferentIdsAndEachKeepsItsIdAcrossRetries() throws SQLException {
        TimelineEvent first = firstEventOfAFreshDatabase();
        TimelineEvent second = firstEventOfAFreshDatabase();

        assertEquals(first.id(), second.id(), "both databases number their first event alike");
        assertEquals(first.messageId(), second.messageId());
        assertNotEquals(first.eventUid(), second.eventUid(), "yet HubSpot never sees the same id twice");
        assertTrue(
                first.eventUid().matches("nrs-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"),
                first.eventUid());
    }

    @Test
    void anEventRecordedWithoutAnIdGetsOneAtItsFirstClaimAndKeepsIt() throws SQLException {
        try (Connection c = freshDatabase()) {
            long message = insertMessage(c);
            Db.update(
                    c,
                    "INSERT INTO message_event (message_id, event_type, occurred_at) VALUES (?, 'SMS_SENT', ?)",
                    message,
                    Db.timestamp(Instant.now()));
            TimelineEvent claimed = claimOne(c, Instant.now());
            assertTrue(claimed.eventUid().startsWith("nrs-"), claimed.eventUid());
            events.retryLater(c, claimed.id(), Instant.now(), "HubSpot answered 503");
            assertEquals(
                    claimed.eventUid(),
                    claimOne(c, Instant.now().plusSeconds(1)).eventUid());
        }
    }

    @Test
    void anEventRetriedKeepsTheIdItWasRecordedWith() throws SQLException {
        try (Connection c = freshDatabase()) {
            long message = insertMessage(c);
            MessageStore.insertEvent(c, message, MessageStatus.SENT, Instant.now(), null);
            String recorded = Db.queryOne(
                            c,
                            "SELECT event_uid FROM message_event WHERE message_id = ?",
                            row -> row.getString(1),
                            message)
                    .orElseThrow();
            TimelineEvent claimed = claimOne(c, Instant.now());
            assertEquals(recorded, claimed.eventUid());
            events.retryLater(c, claimed.id(), Instant.now(), "HubSpot answered 429");
            TimelineEvent retried = claimOne(c, Instant.now().plusSeconds(1));
            assertEquals(2, retried.attempts());
            assertEquals(recorded, retried.eventUid());
        }
    }

    @Test
    void eventsRecordedBeforeTheIdsWereStoredKeepTheIdTheyWereWrittenWith() throws SQLException {
        String url = "jdbc:h2:mem:ids" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            Flyway.configure()
                    .dataSource(url, "sa", "")
                    .locations("classpath:db/migration")
                    .target("12")
                    .load()
                    .migrate();
            long message = insertMessage(c);
            Db.update(
                    c,
                    "INSERT INTO message_event (message_id, event_type, occurred_at) VALUES (?, 'SMS_SENT', ?)",
                    message,
                    Db.timestamp(Instant.now()));
            Flyway.configure()
                    .dataSource(url, "sa", "")
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            assertEquals(
                    "nrs-" + message + "-SMS_SENT", claimOne(c, Instant.now()).eventUid());
        }
    }

    private TimelineEvent firstEventOfAFreshDatabase() throws SQLException {
        try (Connection c = freshDatabase()) {
            long message = insertMessage(c);
            MessageStore.insertEvent(c, message, MessageStatus.SENT, Instant.now(), null);
            return claimOne(c, Instant.now());
        }
    }

    private TimelineEvent claimOne(Connection c, Instant now) throws SQLException {
        List<TimelineEvent> claimed = events.claim(c, now, now.plusSeconds(30), 10);
        assertEquals(1, claimed.size());
        return claimed.get(0);
    }

    private static long insertMessage(Connection c) throws SQLException {
        return Db.insert(
                c,
                "INSERT INTO message (portal_id, contact_id, channel, status, sender) "
                        + "VALUES (62515, '1001', 'SMS', 'SENT', 'ACME')");
    }

    private static Connection freshDatabase() throws SQLException {
        String url = "jdbc:h2:mem:ids" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        Connection c = DriverManager.getConnection(url, "sa", "");
        Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return c;
    }
}
