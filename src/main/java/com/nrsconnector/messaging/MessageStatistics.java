package com.nrsconnector.messaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nrsconnector.store.Db;

/**
 * Figures over a portal's messages created in a period: per campaign, per workflow, per contact, per channel. Each
 * outcome is read from the message's events, which are unique per message and event type, so a message counts once
 * per outcome whatever the number of provider callbacks behind it.
 */
@ApplicationScoped
public class MessageStatistics {

    /** By what the messages are grouped. */
    public enum Grouping {
        CAMPAIGN("m.campaign_name"),
        WORKFLOW("m.workflow_id"),
        CONTACT("m.contact_id");

        private final String column;

        Grouping(String column) {
            this.column = column;
        }
    }

    /** The counts of one group and channel; {@code parts} are the parts of the messages sent. */
    public record Counts(
            String key,
            String channel,
            long sent,
            long notSent,
            long delivered,
            long notDelivered,
            long clicked,
            long replied,
            long unsubscribed,
            long keyPresses,
            long parts) {}

    /** How many events of each type occurred on one day of the portal's calendar. */
    public record DailyEvents(LocalDate day, String eventType, long count) {}

    @Inject
    Db db;

    /** The counts of the portal's messages created in [from, to), grouped; workflow: only workflow messages. */
    public List<Counts> counts(long portalId, Grouping grouping, Instant from, Instant to) {
        String sql = "SELECT " + grouping.column + " AS grp, m.channel AS channel, "
                + outcome("SENT", "sent") + ", " + outcome("NOT_SENT", "not_sent") + ", "
                + outcome("DELIVERED", "delivered") + ", " + outcome("NOT_DELIVERED", "not_delivered") + ", "
                + outcome("CLICKED", "clicked") + ", " + outcome("RESPONSE", "replied") + ", "
                + outcome("UNSUBSCRIBED", "unsubscribed") + ", "
                + "COUNT(DISTINCT CASE WHEN e.event_type LIKE '%KEY_PRESS%' THEN e.id END) AS key_presses, "
                + "SUM(CASE WHEN e.event_type = m.channel || '_SENT' THEN COALESCE(m.segments, 1) ELSE 0 END) AS parts "
                + "FROM message m LEFT JOIN message_event e ON e.message_id = m.id "
                + "WHERE m.portal_id = ? AND m.created_at >= ? AND m.created_at < ?"
                + (grouping == Grouping.WORKFLOW ? " AND m.workflow_id IS NOT NULL" : "")
                + " GROUP BY " + grouping.column + ", m.channel ORDER BY " + grouping.column + ", m.channel";
        return db.query(sql, MessageStatistics::counts, portalId, from, to);
    }

    /** The events of the portal's messages created in [from, to), per day of occurrence in the given zone. */
    public List<DailyEvents> daily(long portalId, Instant from, Instant to, ZoneId zone) {
        List<Event> events = db.query(
                "SELECT e.event_type, e.occurred_at FROM message m "
                        + "JOIN message_event e ON e.message_id = m.id "
                        + "WHERE m.portal_id = ? AND m.created_at >= ? AND m.created_at < ?",
                row -> new Event(row.getString("event_type"), Db.instant(row, "occurred_at")),
                portalId,
                from,
                to);
        Map<LocalDate, Map<String, Long>> byDay = new TreeMap<>();
        for (Event event : events) {
            byDay.computeIfAbsent(event.at().atZone(zone).toLocalDate(), d -> new TreeMap<>())
                    .merge(event.type(), 1L, Long::sum);
        }
        List<DailyEvents> daily = new ArrayList<>();
        byDay.forEach((day, types) -> types.forEach((type, n) -> daily.add(new DailyEvents(day, type, n))));
        return daily;
    }

    private record Event(String type, Instant at) {}

    private static String outcome(String status, String alias) {
        return "COUNT(DISTINCT CASE WHEN e.event_type = m.channel || '_" + status + "' THEN m.id END) AS " + alias;
    }

    private static Counts counts(ResultSet row) throws SQLException {
        return new Counts(
                row.getString("grp"),
                row.getString("channel"),
                row.getLong("sent"),
                row.getLong("not_sent"),
                row.getLong("delivered"),
                row.getLong("not_delivered"),
                row.getLong("clicked"),
                row.getLong("replied"),
                row.getLong("unsubscribed"),
                row.getLong("key_presses"),
                row.getLong("parts"));
    }
}
