package com.nrsconnector.messaging;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nrsconnector.messaging.MessageStore.CallbackOutcome;
import com.nrsconnector.store.Db;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Every status a provider (or a click on a tracked link) reports for a message passes through here: it is stored
 * once (a repeat writes nothing new), applied when the message has reached the predecessor status, and held until
 * then otherwise; the held ones are retried by the sync route.
 */
@ApplicationScoped
@Named("providerEventInbox")
@RegisterForReflection
public class ProviderEventInbox {

    @Inject
    Db db;

    @Inject
    MessageStore messages;

    /** Answers "applied", "held", "duplicate", "not_applicable" or "unknown_message". */
    public String record(long messageId, MessageStatus status, String providerStatus, String raw, String details) {
        return db.inTransaction(c -> {
            int stored = Db.update(c, "INSERT INTO provider_callback (message_id, status, provider_status, raw) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", messageId, status.name(), providerStatus, raw);
            if (stored == 0) {
                return "duplicate";
            }
            return apply(c, messageId, status, details);
        });
    }

    /** Route step of the sync route: applies held events whose predecessor has arrived since. */
    public int applyHeld() {
        List<long[]> held = db.query("SELECT id, message_id FROM provider_callback WHERE state = 'HELD' ORDER BY id LIMIT 100",
                row -> new long[] { row.getLong(1), row.getLong(2) });
        int applied = 0;
        for (long[] callback : held) {
            String result = db.inTransaction(c -> {
                Map<String, String> row = Db.queryOne(c, "SELECT status, provider_status, state FROM provider_callback "
                        + "WHERE id = ? FOR UPDATE", r -> Map.of("status", r.getString(1),
                                "provider", r.getString(2) == null ? "" : r.getString(2), "state", r.getString(3)),
                        callback[0]).orElse(Map.of());
                if (!"HELD".equals(row.get("state"))) {
                    return "gone";
                }
                return apply(c, callback[1], MessageStatus.valueOf(row.get("status")),
                        "360nrs status " + row.get("provider"));
            });
            if ("applied".equals(result)) {
                applied++;
            }
        }
        return applied;
    }

    private String apply(Connection c, long messageId, MessageStatus status, String details) throws SQLException {
        CallbackOutcome outcome = messages.applyProviderStatus(c, messageId, status, Instant.now(), details);
        String state = switch (outcome) {
            case APPLIED -> "APPLIED";
            case HELD -> "HELD";
            case DUPLICATE -> "DUPLICATE";
            case NOT_APPLICABLE, UNKNOWN_MESSAGE -> "DISCARDED";
        };
        Db.update(c, "UPDATE provider_callback SET state = ?, applied_at = CASE WHEN ? THEN CURRENT_TIMESTAMP ELSE applied_at END "
                + "WHERE message_id = ? AND status = ?", state, outcome == CallbackOutcome.APPLIED, messageId, status.name());
        return outcome.name().toLowerCase(java.util.Locale.ROOT);
    }
}
