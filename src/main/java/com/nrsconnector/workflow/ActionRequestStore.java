package com.nrsconnector.workflow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.messaging.Channel;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.messaging.SendQueue;
import com.nrsconnector.store.Db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Stores a workflow-action execution durably before it is acknowledged. The portal and its callbackId are the key: a
 * HubSpot retry of the same execution stores nothing new and gets the answer the first call got. A contact-based
 * execution is stored with its one message, queued; a deal-based one (object_type DEAL, object_id the deal) with no
 * message yet: its recipients are the deal's contacts, read after the answer.
 */
@ApplicationScoped
public class ActionRequestStore {

    public record StoredAnswer(int status, String body, boolean duplicate) {
    }

    @Inject
    Db db;

    @Inject
    MessageStore messages;

    @Inject
    SendQueue queue;

    @Inject
    ConnectorConfig config;

    public StoredAnswer acceptSms(WorkflowActionRequest request, SendSmsInput input, int status, String answer) {
        return accept(request, Channel.SMS, input.sender(), input.message(), status, answer);
    }

    /** A voice call: the caller id is kept as its sender, the text to speak (or the audio URL) as its template. */
    public StoredAnswer acceptVoice(WorkflowActionRequest request, SendVoiceInput input, int status, String answer) {
        return accept(request, Channel.VOICE, input.caller(), input.locution(), status, answer);
    }

    private StoredAnswer accept(WorkflowActionRequest request, Channel channel, String sender, String template,
            int status, String answer) {
        return db.inTransaction(c -> {
            int inserted = Db.update(c, "INSERT INTO action_request (callback_id, portal_id, action_type, object_type, "
                    + "object_id, payload, response_status, response_body, wait_for) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT DO NOTHING",
                    request.callbackId(), request.portalId(), request.actionType(), request.objectType(),
                    request.objectId(), request.rawPayload(), status, answer,
                    SendSmsInput.waitFor(request.inputFields()));
            if (inserted == 0) {
                Optional<StoredAnswer> earlier = Db.queryOne(c,
                        "SELECT response_status, response_body FROM action_request WHERE portal_id = ? AND callback_id = ?",
                        row -> new StoredAnswer(row.getInt(1), row.getString(2), true), request.portalId(),
                        request.callbackId());
                return earlier.orElseThrow(() -> new IllegalStateException("callbackId vanished: " + request.callbackId()));
            }
            if (WorkflowActionParser.DEAL.equals(request.objectType())) {
                // The deal's contacts are read from HubSpot after the answer (DealRecipients), one message each.
                Db.update(c, "UPDATE action_request SET recipients_state = 'PENDING', "
                        + "recipients_next_attempt_at = CURRENT_TIMESTAMP WHERE portal_id = ? AND callback_id = ?",
                        request.portalId(), request.callbackId());
                return new StoredAnswer(status, answer, false);
            }
            long messageId = messages.insertPending(c, request.callbackId(), request.portalId(), request.objectId(),
                    channel, sender, template, request.inputFields(), knownProperties(request.objectProperties()),
                    request.workflowId());
            queue.enqueue(c, messageId);
            return new StoredAnswer(status, answer, false);
        });
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
