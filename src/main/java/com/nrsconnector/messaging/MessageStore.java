package com.nrsconnector.messaging;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.store.Db;

/**
 * Messages and their status events. Every status change, the event it raises and, for a final status, what the
 * {@link MessageOutcomeListener} does with it (the waiting workflow's completion) are written in one transaction,
 * guarded by the status the change starts from, so concurrent or repeated updates (duplicate callbacks, two instances)
 * write nothing twice.
 */
@ApplicationScoped
public class MessageStore {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    @Inject
    Db db;

    @Inject
    ObjectMapper json;

    @Inject
    MessageOutcomeListener outcomes;

    @Inject
    SendQueue queue;

    @Inject
    KeyPressListener keyPresses;

    public long insertPending(
            Connection c,
            String callbackId,
            long portalId,
            String contactId,
            Channel channel,
            String sender,
            String template,
            Map<String, String> inputFields,
            Map<String, String> contactProperties)
            throws SQLException {
        return insertPending(
                c, callbackId, portalId, contactId, channel, sender, template, inputFields, contactProperties, null);
    }

    /** {@code workflowId}: the workflow whose action sends the message (null when none is known). */
    public long insertPending(
            Connection c,
            String callbackId,
            long portalId,
            String contactId,
            Channel channel,
            String sender,
            String template,
            Map<String, String> inputFields,
            Map<String, String> contactProperties,
            Long workflowId)
            throws SQLException {
        return insertPendingAll(
                c,
                List.of(new NewMessage(
                        callbackId,
                        portalId,
                        contactId,
                        channel,
                        sender,
                        template,
                        inputFields,
                        contactProperties,
                        workflowId)))[0];
    }

    /** A message to store PENDING with others in one batch ({@link #insertPendingAll}). */
    public record NewMessage(
            String callbackId,
            long portalId,
            String contactId,
            Channel channel,
            String sender,
            String template,
            Map<String, String> inputFields,
            Map<String, String> contactProperties,
            Long workflowId) {}

    /** Stores the messages PENDING in one batch of inserts; their ids, in the order given. */
    public long[] insertPendingAll(Connection c, List<NewMessage> pending) throws SQLException {
        List<Object[]> rows = new ArrayList<>(pending.size());
        for (NewMessage m : pending) {
            rows.add(new Object[] {
                m.callbackId(),
                m.portalId(),
                m.contactId(),
                m.channel().name(),
                m.sender(),
                m.template(),
                write(m.inputFields()),
                write(m.contactProperties()),
                m.workflowId()
            });
        }
        return Db.insertBatch(
                c,
                "INSERT INTO message (callback_id, portal_id, contact_id, channel, status, sender, "
                        + "template, input_fields, contact_properties, workflow_id) VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?)",
                rows);
    }

    public Optional<MessageRecord> find(long id) {
        return db.queryOne("SELECT * FROM message WHERE id = ?", this::map, id);
    }

    /** The message, locked until the caller's transaction ends (a replay decides on its status). */
    /** What a contact-record card lists of a message: its latest status, newest first. */
    public record RecentMessage(
            long id,
            Channel channel,
            String sender,
            String campaignName,
            Instant createdAt,
            MessageStatus status,
            String reason) {}

    /** A contact's latest messages in one portal, newest first. */
    public List<RecentMessage> recent(long portalId, String contactId, int limit) {
        return db.query(
                "SELECT id, channel, sender, campaign_name, created_at, status, reason FROM message "
                        + "WHERE portal_id = ? AND contact_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                row -> new RecentMessage(
                        row.getLong("id"),
                        Channel.valueOf(row.getString("channel")),
                        row.getString("sender"),
                        row.getString("campaign_name"),
                        Db.instant(row, "created_at"),
                        MessageStatus.valueOf(row.getString("status")),
                        row.getString("reason")),
                portalId,
                contactId,
                limit);
    }

    /**
     * The latest SMS 360nrs took for this number from this sender in one of these portals: the message a reply
     * answers.
     */
    public Optional<MessageRecord> latestSentTo(List<Long> portalIds, String phone, String sender) {
        if (portalIds.isEmpty()) {
            return Optional.empty();
        }
        String in = Db.placeholders(portalIds.size());
        List<Object> args = new ArrayList<>(List.of(phone, sender, Channel.SMS.name()));
        args.addAll(portalIds);
        return db.queryOne(
                "SELECT * FROM message WHERE phone = ? AND sender = ? AND channel = ? AND status IN "
                        + "('SENT', 'DELIVERED', 'NOT_DELIVERED') AND portal_id IN (" + in
                        + ") ORDER BY id DESC LIMIT 1",
                this::map,
                args.toArray());
    }

    public Optional<MessageRecord> lock(Connection c, long id) throws SQLException {
        return Db.queryOne(c, "SELECT * FROM message WHERE id = ? FOR UPDATE", this::map, id);
    }

    public Optional<Long> portalOf(Connection c, long id) throws SQLException {
        return Db.queryOne(c, "SELECT portal_id FROM message WHERE id = ?", row -> row.getLong(1), id);
    }

    public List<MessageRecord> findAll(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String in = Db.placeholders(ids.size());
        return db.query("SELECT * FROM message WHERE id IN (" + in + ") ORDER BY id", this::map, ids.toArray());
    }

    /** Records what was sent (text, number, encoding) together with the SENT event, and takes it off the queue. */
    public boolean markSent(long id, String providerMessageId, SmsSendDetails details, Instant at) {
        return db.inTransaction(c -> markSent(c, id, providerMessageId, details, at));
    }

    private boolean markSent(Connection c, long id, String providerMessageId, SmsSendDetails details, Instant at)
            throws SQLException {
        int changed = Db.update(
                c,
                "UPDATE message SET status = 'SENT', provider_message_id = ?, phone = ?, text = ?, "
                        + "encoding = ?, segments = ?, campaign_name = ?, reason = NULL, updated_at = CURRENT_TIMESTAMP "
                        + "WHERE id = ? AND status = 'PENDING'",
                storable(providerMessageId, 128),
                storable(details.phone(), 32),
                storable(details.text(), Integer.MAX_VALUE),
                storable(details.encoding(), 10),
                details.segments(),
                storable(details.campaignName(), 255),
                id);
        Db.update(c, "DELETE FROM send_queue WHERE message_id = ?", id);
        if (changed == 1) {
            insertEvent(c, id, MessageStatus.SENT, at, "360nrs id " + storable(providerMessageId, 128));
            Optional<MessageOutcomeListener.FinalStatus> sent = outcomeOf(c, id, MessageStatus.SENT, null);
            if (sent.isPresent()) {
                outcomes.sent(c, sent.get());
            }
        }
        return changed == 1;
    }

    /**
     * NOT_SENT is final: the reason is kept, the event written, the waiting workflow completed, and the send taken off
     * the queue (also when the message was settled already, so a caller never has to).
     */
    public boolean markNotSent(long id, String reason, SmsSendDetails details, Instant at) {
        return db.inTransaction(c -> markNotSent(c, id, reason, details, at));
    }

    private boolean markNotSent(Connection c, long id, String reason, SmsSendDetails details, Instant at)
            throws SQLException {
        int changed = Db.update(
                c,
                "UPDATE message SET status = 'NOT_SENT', reason = ?, phone = COALESCE(?, phone), "
                        + "text = COALESCE(?, text), encoding = COALESCE(?, encoding), segments = COALESCE(?, segments), "
                        + "campaign_name = COALESCE(?, campaign_name), updated_at = CURRENT_TIMESTAMP "
                        + "WHERE id = ? AND status = 'PENDING'",
                truncate(reason),
                details == null ? null : storable(details.phone(), 32),
                details == null ? null : storable(details.text(), Integer.MAX_VALUE),
                details == null ? null : storable(details.encoding(), 10),
                details == null ? null : details.segments(),
                details == null ? null : storable(details.campaignName(), 255),
                id);
        Db.update(c, "DELETE FROM send_queue WHERE message_id = ?", id);
        if (changed == 1) {
            insertEvent(c, id, MessageStatus.NOT_SENT, at, reason);
            reachedFinalStatus(c, id, MessageStatus.NOT_SENT, reason);
        }
        return changed == 1;
    }

    /**
     * What became of one message of a request: SENT with the provider's id ({@code reason} null), or NOT_SENT with the
     * reason.
     */
    public record SendSettlement(
            long messageId, boolean sent, String providerMessageId, String reason, SmsSendDetails details) {

        public static SendSettlement sent(long messageId, String providerMessageId, SmsSendDetails details) {
            return new SendSettlement(messageId, true, providerMessageId, null, details);
        }

        public static SendSettlement notSent(long messageId, String reason, SmsSendDetails details) {
            return new SendSettlement(messageId, false, null, reason, details);
        }
    }

    /**
     * Settles the messages of one 360nrs request in one transaction, each as {@link #markSent} or {@link #markNotSent}
     * would. Answers the ids whose status changed (a message settled already is left as it is).
     */
    public Set<Long> settle(List<SendSettlement> settlements, Instant at) {
        return db.inTransaction(c -> {
            Set<Long> changed = new LinkedHashSet<>();
            for (SendSettlement settlement : settlements) {
                boolean done = settlement.sent()
                        ? markSent(c, settlement.messageId(), settlement.providerMessageId(), settlement.details(), at)
                        : markNotSent(c, settlement.messageId(), settlement.reason(), settlement.details(), at);
                if (done) {
                    changed.add(settlement.messageId());
                }
            }
            return changed;
        });
    }

    /**
     * The message a delivery report is about. The report names the request (its reference: the lowest message id it
     * carried) and the recipient's number ({@code to}, may be missing): the message of that request sent to that
     * number. Otherwise the message whose id is the reference, as long as nothing contradicts it: it went in no
     * recorded request (sent before requests carried several recipients) or in this one, alone unless the number says
     * it is the one, and its number is not another. Answers empty when no message of the request fits; the reference
     * itself when no message has that id (the report is then stored as about an unknown message, as always).
     */
    public Optional<Long> findReported(long requestRef, String to) {
        String number = to == null ? "" : to.replaceAll("[^0-9]", "");
        return db.inTransaction(c -> {
            if (!number.isEmpty()) {
                Optional<Long> byNumber = Db.queryOne(
                        c,
                        "SELECT id FROM message WHERE request_ref = ? AND phone = ? " + "ORDER BY id LIMIT 1",
                        row -> row.getLong(1),
                        requestRef,
                        number);
                if (byNumber.isPresent()) {
                    return byNumber;
                }
            }
            Optional<String[]> own = Db.queryOne(
                    c,
                    "SELECT request_ref, phone FROM message WHERE id = ?",
                    row -> new String[] {
                        row.getObject(1) == null ? null : Long.toString(row.getLong(1)), row.getString(2)
                    },
                    requestRef);
            if (own.isEmpty()) {
                return Optional.of(requestRef);
            }
            String ownRequest = own.get()[0];
            String ownPhone = own.get()[1];
            if (ownRequest != null && !ownRequest.equals(Long.toString(requestRef))) {
                return Optional.empty();
            }
            if (!number.isEmpty() && ownPhone != null && !ownPhone.equals(number)) {
                return Optional.empty();
            }
            if (number.isEmpty()
                    && ownRequest != null
                    && Db.queryOne(
                                            c,
                                            "SELECT COUNT(*) FROM message WHERE request_ref = ?",
                                            row -> row.getLong(1),
                                            requestRef)
                                    .orElse(0L)
                            > 1) {
                return Optional.empty();
            }
            return Optional.of(requestRef);
        });
    }

    /**
     * Puts a message settled NOT_SENT back on the send queue as a fresh send (PENDING, a new queue row with no
     * attempts), in the caller's transaction, and tells the listener (which withdraws a workflow completion not yet
     * sent). Its NOT_SENT event stays in its history. Answers false, changing nothing, when it was not NOT_SENT.
     */
    public boolean reopenNotSent(Connection c, long id) throws SQLException {
        int changed = Db.update(
                c,
                "UPDATE message SET status = 'PENDING', reason = NULL, updated_at = CURRENT_TIMESTAMP "
                        + "WHERE id = ? AND status = 'NOT_SENT'",
                id);
        if (changed == 0) {
            return false;
        }
        queue.requeue(c, id);
        MessageRecord message = Db.queryOne(c, "SELECT * FROM message WHERE id = ?", this::map, id)
                .orElseThrow();
        outcomes.reopened(c, id, message.portalId(), message.callbackId());
        return true;
    }

    /**
     * Applies a provider status if the message has reached its predecessor; answers whether the callback is settled
     * (applied, or a duplicate / out-of-order report that must never apply) or must be held for later.
     */
    public CallbackOutcome applyProviderStatus(Connection c, long id, MessageStatus status, Instant at, String details)
            throws SQLException {
        Optional<String[]> row = Db.queryOne(
                c,
                "SELECT status, channel FROM message WHERE id = ? FOR UPDATE",
                r -> new String[] {r.getString("status"), r.getString("channel")},
                id);
        if (row.isEmpty()) {
            return CallbackOutcome.UNKNOWN_MESSAGE;
        }
        Optional<MessageStatus> current = Optional.of(MessageStatus.valueOf(row.get()[0]));
        boolean alreadyRecorded = Db.queryOne(
                        c,
                        "SELECT 1 FROM message_event WHERE message_id = ? AND event_type = ?",
                        r -> true,
                        id,
                        status.eventType(Channel.valueOf(row.get()[1])))
                .isPresent();
        if (alreadyRecorded) {
            return CallbackOutcome.DUPLICATE;
        }
        if (!status.canFollow(current.get())) {
            // Too early (still PENDING) is held; anything else can never follow (e.g. DELIVERED after NOT_SENT).
            return current.get() == MessageStatus.PENDING
                            || (current.get() == MessageStatus.SENT && !status.changesStatus())
                    ? CallbackOutcome.HELD
                    : CallbackOutcome.NOT_APPLICABLE;
        }
        if (status.changesStatus()) {
            Db.update(
                    c, "UPDATE message SET status = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?", status.name(), id);
        }
        if (status == MessageStatus.KEY_PRESSED) {
            // The key is the provider status of its report; the event says what the key does, then it is done.
            String key = Db.queryOne(
                            c,
                            "SELECT provider_status FROM provider_callback WHERE message_id = ? " + "AND status = ?",
                            r -> r.getString(1),
                            id,
                            status.name())
                    .orElse("");
            insertEvent(c, id, status, at, keyPresses.describe(c, id, key));
            keyPresses.pressed(c, id, key);
            return CallbackOutcome.APPLIED;
        }
        insertEvent(c, id, status, at, details);
        if (status.isFinalForWorkflow()) {
            reachedFinalStatus(c, id, status, details);
        }
        return CallbackOutcome.APPLIED;
    }

    /**
     * Records a status event of the message (once per type), with a new random id for HubSpot's timeline. It is due for
     * the timeline at {@code at}, not at the database's transaction start: a transaction shared by several reports may
     * have started before the status this event follows was recorded, and the timeline writer takes events in the
     * order they are due.
     */
    static void insertEvent(Connection c, long messageId, MessageStatus status, Instant at, String details)
            throws SQLException {
        String channel = Db.queryOne(c, "SELECT channel FROM message WHERE id = ?", row -> row.getString(1), messageId)
                .orElse(Channel.SMS.name());
        Db.update(
                c,
                "INSERT INTO message_event (message_id, event_type, occurred_at, details, event_uid, "
                        + "timeline_next_attempt_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                messageId,
                status.eventType(Channel.valueOf(channel)),
                at,
                truncate(details),
                TimelineEvents.newEventUid(),
                at);
    }

    /** Hands the final status to the listener (the waiting workflow's completion), in the same transaction. */
    private void reachedFinalStatus(Connection c, long messageId, MessageStatus status, String details)
            throws SQLException {
        Optional<MessageOutcomeListener.FinalStatus> outcome = outcomeOf(c, messageId, status, details);
        if (outcome.isPresent()) {
            outcomes.finalStatus(c, outcome.get());
        }
    }

    private static Optional<MessageOutcomeListener.FinalStatus> outcomeOf(
            Connection c, long messageId, MessageStatus status, String details) throws SQLException {
        return Db.queryOne(
                c,
                "SELECT portal_id, callback_id, provider_message_id FROM message WHERE id = ?",
                row -> new MessageOutcomeListener.FinalStatus(
                        messageId, row.getLong(1), row.getString(2), row.getString(3), status, details),
                messageId);
    }

    /**
     * Every message one workflow execution sent (a deal-based execution sends one per associated contact), oldest
     * first, as its outputs summarize them; {@code messageId}'s reason is {@code details}, the status being recorded.
     */
    public static List<WorkflowOutputs.FinalMessage> executionMessages(
            Connection c, long portalId, String callbackId, long messageId, String details) throws SQLException {
        List<WorkflowOutputs.FinalMessage> all = Db.query(
                c,
                "SELECT id, contact_id, status, provider_message_id, "
                        + "campaign_name, reason, segments FROM message WHERE portal_id = ? AND callback_id = ? ORDER BY id",
                row -> new WorkflowOutputs.FinalMessage(
                        row.getString("contact_id"),
                        MessageStatus.valueOf(row.getString("status")),
                        row.getString("provider_message_id"),
                        row.getString("campaign_name"),
                        row.getLong("id") == messageId ? details : row.getString("reason"),
                        segments(row)),
                portalId,
                callbackId);
        List<WorkflowOutputs.FinalMessage> withReasons = new ArrayList<>();
        for (WorkflowOutputs.FinalMessage m : all) {
            withReasons.add(
                    m.reason() != null || m.status() != MessageStatus.NOT_DELIVERED
                            ? m
                            : new WorkflowOutputs.FinalMessage(
                                    m.contactId(),
                                    m.status(),
                                    m.providerMessageId(),
                                    m.campaignName(),
                                    notDeliveredDetails(c, portalId, callbackId, m.contactId()),
                                    m.segments()));
        }
        return withReasons;
    }

    private static Integer segments(ResultSet row) throws SQLException {
        Number segments = (Number) row.getObject("segments");
        return segments == null ? null : segments.intValue();
    }

    /** What the NOT_DELIVERED report of a sibling message said (its reason column holds NOT_SENT reasons only). */
    private static String notDeliveredDetails(Connection c, long portalId, String callbackId, String contactId)
            throws SQLException {
        return Db.queryOne(
                        c,
                        "SELECT e.details FROM message_event e JOIN message m ON m.id = e.message_id "
                                + "WHERE m.portal_id = ? AND m.callback_id = ? AND m.contact_id = ? "
                                + "AND e.event_type = m.channel || '_NOT_DELIVERED'",
                        row -> row.getString(1),
                        portalId,
                        callbackId,
                        contactId)
                .orElse(null);
    }

    private MessageRecord map(ResultSet row) throws SQLException {
        Number segments = (Number) row.getObject("segments");
        return new MessageRecord(
                row.getLong("id"),
                row.getString("callback_id"),
                row.getLong("portal_id"),
                row.getString("contact_id"),
                Channel.valueOf(row.getString("channel")),
                MessageStatus.valueOf(row.getString("status")),
                row.getString("sender"),
                row.getString("template"),
                read(row.getString("input_fields")),
                read(row.getString("contact_properties")),
                row.getString("text"),
                row.getString("phone"),
                row.getString("encoding"),
                segments == null ? null : segments.intValue(),
                row.getString("campaign_name"),
                row.getString("provider_message_id"),
                row.getString("reason"));
    }

    String write(Map<String, String> map) {
        try {
            return map == null ? null : json.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, String> read(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fits free text (reasons, errors) into the 2000-character columns, without NUL (PostgreSQL refuses it). */
    public static String truncate(String text) {
        return storable(text, 2000);
    }

    /** At most {@code max} characters and no NUL, so a write never fails on what a provider or a contact put in it. */
    public static String storable(String text, int max) {
        if (text == null) {
            return null;
        }
        String clean = text.indexOf('\0') < 0 ? text : text.replace("\0", "");
        return clean.length() <= max ? clean : clean.substring(0, max - 3) + "...";
    }

    public enum CallbackOutcome {
        APPLIED,
        DUPLICATE,
        HELD,
        NOT_APPLICABLE,
        UNKNOWN_MESSAGE
    }
}
