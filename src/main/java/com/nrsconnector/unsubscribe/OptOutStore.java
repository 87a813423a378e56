package com.nrsconnector.unsubscribe;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nrsconnector.messaging.Channel;
import com.nrsconnector.store.Db;

/**
 * The opt-outs: one per portal, channel and number (table {@code opt_out}, owned here), and the HubSpot contact
 * update each one asks for (table {@code opt_out_contact_update}, written by {@link ContactOptOutWriter}). Recording
 * is idempotent: the same opt-out recorded again changes nothing.
 */
@ApplicationScoped
public class OptOutStore {

    /** How the unsubscribe page's opt-outs are recorded (opt_out.source). */
    public static final String UNSUBSCRIBE_LINK = "unsubscribe link";
    /** An interactive call's UNSUBSCRIBE key. */
    public static final String KEYPAD = "keypad";

    /** A recorded opt-out: the message whose link was confirmed first, and whether this call recorded it. */
    public record OptOut(
            long portalId, Channel channel, String phone, String contactId, long messageId, boolean recordedNow) {

        /** Without the number: an opt-out can end up in a log line. */
        @Override
        public String toString() {
            return "OptOut[portal " + portalId + ", " + channel + ", message " + messageId + ", recordedNow "
                    + recordedNow + "]";
        }
    }

    @Inject
    Db db;

    /**
     * Records that this number wants nothing more on this channel from this portal, and queues the contact's HubSpot
     * update, in one transaction. Answers the opt-out as stored: the first one if it was recorded before.
     */
    public OptOut record(long portalId, Channel channel, String phone, String contactId, long messageId) {
        return record(portalId, channel, phone, contactId, messageId, UNSUBSCRIBE_LINK);
    }

    /** As {@link #record(long, Channel, String, String, long)}, saying how the number opted out. */
    public OptOut record(
            long portalId, Channel channel, String phone, String contactId, long messageId, String source) {
        return db.inTransaction(c -> record(c, portalId, channel, phone, contactId, messageId, source));
    }

    /**
     * As {@link #record(long, Channel, String, String, long, String)}, in the caller's transaction. The contact's
     * opt-out property is the SMS one: only an SMS opt-out queues its update.
     */
    public OptOut record(
            Connection c, long portalId, Channel channel, String phone, String contactId, long messageId, String source)
            throws SQLException {
        int inserted = Db.update(
                c,
                "INSERT INTO opt_out (portal_id, channel, phone, contact_id, message_id, source) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                portalId,
                channel.name(),
                phone,
                contactId,
                messageId,
                source.length() <= 100 ? source : source.substring(0, 100));
        if (inserted == 1 && channel == Channel.SMS) {
            Db.update(
                    c,
                    "INSERT INTO opt_out_contact_update (portal_id, contact_id) VALUES (?, ?) "
                            + "ON CONFLICT DO NOTHING",
                    portalId,
                    contactId);
        }
        return Db.queryOne(
                        c,
                        "SELECT contact_id, message_id FROM opt_out WHERE portal_id = ? AND channel = ? "
                                + "AND phone = ?",
                        row -> new OptOut(portalId, channel, phone, row.getString(1), row.getLong(2), inserted == 1),
                        portalId,
                        channel.name(),
                        phone)
                .orElseThrow();
    }

    public Optional<OptOut> find(long portalId, Channel channel, String phone) {
        return db.queryOne(
                "SELECT contact_id, message_id FROM opt_out WHERE portal_id = ? AND channel = ? AND phone = ?",
                row -> new OptOut(portalId, channel, phone, row.getString(1), row.getLong(2), false),
                portalId,
                channel.name(),
                phone);
    }

    /** Which of these numbers opted out of this channel for this portal (one query for a whole batch). */
    public Set<String> optedOut(long portalId, Channel channel, Collection<String> phones) {
        return new HashSet<>(optedOutVia(portalId, channel, phones).keySet());
    }

    /** Which of these numbers opted out of this channel for this portal, and how (one query for a whole batch). */
    public Map<String, String> optedOutVia(long portalId, Channel channel, Collection<String> phones) {
        List<String> distinct = phones.stream()
                .filter(p -> p != null && !p.isEmpty())
                .distinct()
                .toList();
        if (distinct.isEmpty()) {
            return Map.of();
        }
        String in = String.join(",", distinct.stream().map(p -> "?").toList());
        Object[] args = new Object[distinct.size() + 2];
        args[0] = portalId;
        args[1] = channel.name();
        for (int i = 0; i < distinct.size(); i++) {
            args[i + 2] = distinct.get(i);
        }
        Map<String, String> sources = new HashMap<>();
        for (String[] row : db.query(
                "SELECT phone, source FROM opt_out WHERE portal_id = ? AND channel = ? " + "AND phone IN (" + in + ")",
                r -> new String[] {r.getString(1), r.getString(2)},
                args)) {
            sources.put(row[0], row[1]);
        }
        return sources;
    }
}
