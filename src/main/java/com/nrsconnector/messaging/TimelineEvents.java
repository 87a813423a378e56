package com.nrsconnector.messaging;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.nrsconnector.store.Db;

/**
 * The timeline columns of message_event: the events still to be written to the contacts' HubSpot timelines, claimed
 * with a lease ({@code FOR UPDATE SKIP LOCKED}, attempts counted at the claim) and settled by the timeline writer, in
 * the caller's transaction. Each claimed event comes with the fields of its message that the timeline shows.
 */
@ApplicationScoped
public class TimelineEvents {

    public record TimelineEvent(
            long id,
            long messageId,
            String eventType,
            Instant occurredAt,
            String details,
            long portalId,
            String contactId,
            String providerMessageId,
            String sender,
            String campaignName,
            String phone,
            String channel,
            int attempts,
            String eventUid) {}

    /**
     * A new event id for HubSpot's timeline: random, so that no other database or installation ever draws it, and
     * stored with the event, so that every retry writes the same id.
     */
    public static String newEventUid() {
        return "nrs-" + UUID.randomUUID();
    }

    /**
     * Claims up to {@code limit} due events until {@code leaseEnd}, counting this attempt. An event is due only once
     * every earlier event of its message is written (or given up): a contact's timeline shows a message's events in
     * the order they happened (SMS_DELIVERED before the reply it made possible) even when a write is retried or a
     * batch is answered in part, so a claim holds one event per message at most.
     */
    public List<TimelineEvent> claim(Connection c, Instant now, Instant leaseEnd, int limit) throws SQLException {
        List<Long> due = Db.query(
                c,
                "SELECT e.id FROM message_event e WHERE e.timeline_state = 'PENDING' "
                        + "AND e.timeline_next_attempt_at <= ? AND NOT EXISTS (SELECT 1 FROM message_event p "
                        + "WHERE p.message_id = e.message_id AND p.id < e.id AND p.timeline_state = 'PENDING') "
                        + "ORDER BY e.timeline_next_attempt_at, e.id LIMIT ? FOR UPDATE SKIP LOCKED",
                row -> row.getLong(1),
                now,
                limit);
        List<TimelineEvent> claimed = new ArrayList<>();
        for (long id : due) {
            Db.update(
                    c,
                    "UPDATE message_event SET timeline_next_attempt_at = ?, timeline_attempts = timeline_attempts + 1 "
                            + "WHERE id = ?",
                    leaseEnd,
                    id);
            // An event recorded without an id gets one at its first claim; it keeps it from then on.
            Db.update(
                    c, "UPDATE message_event SET event_uid = ? WHERE id = ? AND event_uid IS NULL", newEventUid(), id);
            load(c, id).ifPresent(claimed::add);
        }
        return claimed;
    }

    public void written(Connection c, long id) throws SQLException {
        Db.update(c, "UPDATE message_event SET timeline_state = 'WRITTEN', timeline_error = NULL WHERE id = ?", id);
    }

    public void retryLater(Connection c, long id, Instant at, String error) throws SQLException {
        Db.update(
                c,
                "UPDATE message_event SET timeline_state = 'PENDING', timeline_next_attempt_at = ?, "
                        + "timeline_error = ? WHERE id = ?",
                at,
                MessageStore.truncate(error),
                id);
    }

    public void givenUp(Connection c, long id, String error) throws SQLException {
        Db.update(
                c,
                "UPDATE message_event SET timeline_state = 'FAILED', timeline_error = ? WHERE id = ?",
                MessageStore.truncate(error),
                id);
    }

    private static Optional<TimelineEvent> load(Connection c, long id) throws SQLException {
        return Db.queryOne(
                c,
                "SELECT e.id, e.message_id, e.event_type, e.occurred_at, e.details, e.timeline_attempts, e.event_uid, "
                        + "m.portal_id, m.contact_id, m.provider_message_id, m.sender, m.campaign_name, m.phone, m.channel "
                        + "FROM message_event e JOIN message m ON m.id = e.message_id WHERE e.id = ?",
                row -> new TimelineEvent(
                        row.getLong("id"),
                        row.getLong("message_id"),
                        row.getString("event_type"),
                        Db.instant(row, "occurred_at"),
                        row.getString("details"),
                        row.getLong("portal_id"),
                        row.getString("contact_id"),
                        row.getString("provider_message_id"),
                        row.getString("sender"),
                        row.getString("campaign_name"),
                        row.getString("phone"),
                        row.getString("channel"),
                        row.getInt("timeline_attempts"),
                        row.getString("event_uid")),
                id);
    }

    /** The portal's events not written to HubSpot yet that have not failed before (being written, or due). */
    public int unwritten(Connection c, long portalId) throws SQLException {
        return Db.queryOne(
                        c,
                        "SELECT COUNT(*) FROM message_event e JOIN message m ON m.id = e.message_id "
                                + "WHERE m.portal_id = ? AND e.timeline_state = 'PENDING' AND e.timeline_error IS NULL",
                        row -> row.getInt(1),
                        portalId)
                .orElse(0);
    }
}
