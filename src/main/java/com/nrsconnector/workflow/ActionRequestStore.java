package com.nrsconnector.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.messaging.Channel;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.messaging.SendQueue;
import com.nrsconnector.store.Db;

/**
 * Stores a workflow-action execution durably before it is acknowledged. The portal and its callbackId are the key: a
 * HubSpot retry of the same execution stores nothing new and gets the answer the first call got. A contact-based
 * execution is stored with its one message, queued; a deal-based one (object_type DEAL, object_id the deal) with no
 * message yet: its recipients are the deal's contacts, read after the answer.
 */
@ApplicationScoped
public class ActionRequestStore {

    public record StoredAnswer(int status, String body, boolean duplicate) {}

    @Inject
    MessageStore messages;

    @Inject
    SendQueue queue;

    @Inject
    ConnectorConfig config;

    /** One execution to store: the message it asks for (its sender and template) and the answer it gets. */
    public record Intake(
            WorkflowActionRequest request, Channel channel, String sender, String template, int status, String answer) {

        public static Intake sms(WorkflowActionRequest request, SendSmsInput input, int status, String answer) {
            return new Intake(request, Channel.SMS, input.sender(), input.message(), status, answer);
        }

        /** A voice call: the caller id is kept as its sender, the text to speak (or the audio URL) as its template. */
        public static Intake voice(WorkflowActionRequest request, SendVoiceInput input, int status, String answer) {
            return new Intake(request, Channel.VOICE, input.caller(), input.locution(), status, answer);
        }
    }

    /**
     * Stores these executions in the caller's transaction, with one batch of statements per table: the executions
     * (a repeated callbackId inserts nothing and reads the first answer, also when the first is earlier in the same
     * list), then the messages of the contact-based ones and their queue rows. The answers, in the order given.
     */
    public List<StoredAnswer> storeAll(Connection c, List<Intake> intakes) throws SQLException {
        List<Object[]> rows = new ArrayList<>(intakes.size());
        for (Intake intake : intakes) {
            WorkflowActionRequest request = intake.request();
            rows.add(new Object[] {
                request.callbackId(),
                request.portalId(),
                request.actionType(),
                request.objectType(),
                request.objectId(),
                request.rawPayload(),
                intake.status(),
                intake.answer(),
                SendSmsInput.waitFor(request.inputFields())
            });
        }
        int[] inserted = Db.updateBatch(
                c,
                "INSERT INTO action_request (callback_id, portal_id, action_type, "
                        + "object_type, object_id, payload, response_status, response_body, wait_for) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                rows);
        List<StoredAnswer> answers = new ArrayList<>(intakes.size());
        List<MessageStore.NewMessage> newMessages = new ArrayList<>(intakes.size());
        for (int i = 0; i < intakes.size(); i++) {
            Intake intake = intakes.get(i);
            WorkflowActionRequest request = intake.request();
            if (inserted[i] == 0) {
                answers.add(Db.queryOne(
                                c,
                                "SELECT response_status, response_body FROM action_request WHERE portal_id = ? AND callback_id = ?",
                                row -> new StoredAnswer(row.getInt(1), row.getString(2), true),
                                request.portalId(),
                                request.callbackId())
                        .orElseThrow(() -> new IllegalStateException("callbackId vanished: " + request.callbackId())));
                continue;
            }
            if (inserted[i] != 1) {
                throw new SQLException(
                        "the database did not tell whether the execution was stored (" + inserted[i] + ")");
            }
            if (WorkflowActionParser.DEAL.equals(request.objectType())) {
                // The deal's contacts are read from HubSpot after the answer (DealRecipients), one message each.
                Db.update(
                        c,
                        "UPDATE action_request SET recipients_state = 'PENDING', "
                                + "recipients_next_attempt_at = CURRENT_TIMESTAMP WHERE portal_id = ? AND callback_id = ?",
                        request.portalId(),
                        request.callbackId());
            } else {
                newMessages.add(new MessageStore.NewMessage(
                        request.callbackId(),
                        request.portalId(),
                        request.objectId(),
                        intake.channel(),
                        intake.sender(),
                        intake.template(),
                        request.inputFields(),
                        knownProperties(request.objectProperties()),
                        request.workflowId()));
            }
            answers.add(new StoredAnswer(intake.status(), intake.answer(), false));
        }
        queue.enqueueAll(c, messages.insertPendingAll(c, newMessages));
        return answers;
    }

    /**
     * The contact's properties as the payload tells them. HubSpot sends the properties the action asks for
     * (connector.hubspot.contact-properties, the action definition's list) and leaves the unset ones out, so those are
     * known to be empty and the send pipeline does not read them again. A payload without properties tells nothing.
     */
    Map<String, String> knownProperties(Map<String, String> sent) {
        if (sent.isEmpty()) {
            return sent;
        }
        Map<String, String> known = new LinkedHashMap<>(sent);
        for (String requested : config.hubspot().contactProperties()) {
            known.putIfAbsent(requested, "");
        }
        return known;
    }
}
